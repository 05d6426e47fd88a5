package com.monitorflow.webhooks.localstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where one service spent its CPU during a time window, from a Flight Recorder recording that the
 * benchmark starts in every service: execution samples grouped by the code their top frame runs
 * (HTTP client, Kafka client, JSON, signing, database...) and the hottest methods themselves, plus
 * the time its garbage collector paused it.
 *
 * @param samples execution samples inside the window
 * @param byArea share of the samples per area of code, largest first
 * @param hottest share of the samples per top-frame method, the eight largest
 * @param gcPause total garbage-collection pause inside the window
 */
record ProfileSummary(long samples, Map<String, Double> byArea, Map<String, Double> hottest, Duration gcPause) {

    static final String RECORDING = "bench";

    private static final List<Map.Entry<String, String>> AREAS = List.of(
            Map.entry("okhttp3.", "HTTP client (OkHttp)"),
            Map.entry("okio.", "HTTP client (OkHttp)"),
            Map.entry("kotlin.", "HTTP client (OkHttp)"),
            Map.entry("org.apache.kafka.", "Kafka (client, broker)"),
            Map.entry("kafka.", "Kafka (client, broker)"),
            Map.entry("org.springframework.kafka.", "Kafka (client, broker)"),
            Map.entry("tools.jackson.", "JSON"),
            Map.entry("com.fasterxml.", "JSON"),
            Map.entry("com.sun.crypto.", "signing and secrets (crypto)"),
            Map.entry("javax.crypto.", "signing and secrets (crypto)"),
            Map.entry("sun.security.", "signing and secrets (crypto)"),
            Map.entry("org.jooq.", "database (jOOQ, JDBC)"),
            Map.entry("org.postgresql.", "database (jOOQ, JDBC)"),
            Map.entry("com.zaxxer.", "database (jOOQ, JDBC)"),
            Map.entry("com.monitorflow.", "MonitorFlow code"),
            Map.entry("ch.qos.logback.", "logging"),
            Map.entry("org.slf4j.", "logging"),
            Map.entry("io.micrometer.", "metrics"),
            Map.entry("org.springframework.", "Spring"));

    /** Areas of the JDK itself, used only for a sample with no frame of the areas above. */
    private static final List<Map.Entry<String, String>> JDK_AREAS = List.of(
            Map.entry("sun.nio.", "sockets and NIO"),
            Map.entry("java.net.", "sockets and NIO"),
            Map.entry("sun.net.", "sockets and NIO"),
            Map.entry("java.nio.", "sockets and NIO"),
            Map.entry("java.util.concurrent.", "threads, locks, queues"),
            Map.entry("jdk.internal.vm.", "threads, locks, queues"),
            Map.entry("java.lang.VirtualThread", "threads, locks, queues"),
            Map.entry("java.lang.Thread", "threads, locks, queues"),
            Map.entry("java.lang.String", "strings and collections"),
            Map.entry("java.util.", "strings and collections"),
            Map.entry("java.time.", "strings and collections"));

    static final ProfileSummary NONE = new ProfileSummary(0, Map.of(), Map.of(), Duration.ZERO);

    /** The {@code JAVA_TOOL_OPTIONS} that start the recording in a service. */
    static String javaToolOptions() {
        return "-XX:StartFlightRecording=name=" + RECORDING + ",settings=default";
    }

    /** Asks the running service {@code pid} to write its recording to {@code file}; false if it could not. */
    static boolean dump(long pid, Path file) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "JFR.dump",
                    "name=" + RECORDING, "filename=" + file.toAbsolutePath())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 && Files.exists(file);
        } catch (IOException e) {
            return false;
        }
    }

    /** Summarizes the samples of {@code file} between {@code from} and {@code to}. */
    static ProfileSummary read(Path file, Instant from, Instant to) throws IOException {
        Map<String, Long> areas = new HashMap<>();
        Map<String, Long> methods = new HashMap<>();
        long samples = 0;
        long gcNanos = 0;
        try (var recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.GarbageCollection")) {
                    // The pauses only: a concurrent cycle's duration includes work done beside the application.
                    gcNanos += event.hasField("sumOfPauses") ? event.getDuration("sumOfPauses").toNanos()
                            : event.getDuration().toNanos();
                } else if (type.equals("jdk.ExecutionSample")) {
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    RecordedFrame top = stack.getFrames().getFirst();
                    String typeName = top.getMethod().getType().getName();
                    areas.merge(areaOf(stack), 1L, Long::sum);
                    methods.merge(simpleName(typeName) + "." + top.getMethod().getName(), 1L, Long::sum);
                }
            }
        }
        return new ProfileSummary(samples, shares(areas, samples, 12), shares(methods, samples, 8),
                Duration.ofNanos(gcNanos));
    }

    /**
     * The library or product code a sample is working for: the first frame, from the top, of a
     * known library area (so a socket write made by OkHttp counts as OkHttp); for a sample with
     * no such frame, the JDK area of its top frame.
     */
    private static String areaOf(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            String area = match(frame.getMethod().getType().getName(), AREAS);
            if (area != null) {
                return area;
            }
        }
        String area = match(stack.getFrames().getFirst().getMethod().getType().getName(), JDK_AREAS);
        return area == null ? "other JDK code" : area;
    }

    private static @Nullable String match(String typeName, List<Map.Entry<String, String>> areas) {
        for (Map.Entry<String, String> area : areas) {
            if (typeName.startsWith(area.getKey())) {
                return area.getValue();
            }
        }
        return null;
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long total, int limit) {
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .forEach(e -> shares.put(e.getKey(), total == 0 ? 0 : e.getValue() * 100.0 / total));
        return shares;
    }

    private static String simpleName(String typeName) {
        int dot = typeName.lastIndexOf('.');
        return dot < 0 ? typeName : typeName.substring(dot + 1);
    }
}
