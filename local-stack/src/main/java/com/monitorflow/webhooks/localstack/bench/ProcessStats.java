package com.monitorflow.webhooks.localstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resident memory and CPU time of processes, read from {@code /proc}. A named entry may stand for
 * several processes (PostgreSQL runs one per connection); their figures are added up.
 */
final class ProcessStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on Linux for x86-64. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** Resident memory in MiB of each named process group ({@code VmRSS}); 0 where unreadable. */
    static Map<String, Double> residentMiB(Map<String, List<Long>> processes) {
        Map<String, Double> resident = new LinkedHashMap<>();
        processes.forEach((name, pids) -> resident.put(name,
                pids.stream().mapToLong(ProcessStats::residentKiB).sum() / 1024.0));
        return resident;
    }

    /** CPU seconds used so far by each named process group (user plus system). */
    static Map<String, Double> cpuSeconds(Map<String, List<Long>> processes) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        processes.forEach((name, pids) -> cpu.put(name,
                pids.stream().mapToLong(ProcessStats::cpuTicks).sum() / TICKS_PER_SECOND));
        return cpu;
    }

    /** Cores busy on average for each group between two {@link #cpuSeconds} readings. */
    static Map<String, Double> coresBetween(Map<String, Double> before, Map<String, Double> after, double seconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        after.forEach((name, cpu) -> cores.put(name, (cpu - before.getOrDefault(name, 0.0)) / seconds));
        return cores;
    }

    /** CPU seconds the whole machine has been busy so far, over all cores, from {@code /proc/stat}. */
    static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }

    /** The machine's total memory in MiB, from {@code /proc/meminfo}. */
    static double machineMemoryMiB() {
        return fieldKiB(Path.of("/proc/meminfo"), "MemTotal:") / 1024.0;
    }

    static long residentKiB(long pid) {
        return fieldKiB(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may contain spaces; the fields after its ')' are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long fieldKiB(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
        return 0;
    }
}
