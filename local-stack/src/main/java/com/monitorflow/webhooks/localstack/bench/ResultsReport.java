package com.monitorflow.webhooks.localstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a run's figures as the Markdown results file and its chart, and as the table printed at
 * the end of the command. Every figure stands next to its ceiling and their ratio; each target is
 * marked met or missed, by how much, with the busiest process and its hottest code.
 */
final class ResultsReport {

    static final String RESULTS_FILE = "results.md";
    static final String CHART_FILE = "throughput.png";
    static final String ANALYSIS_FILE = "analysis.md";
    static final double P99_TARGET_MILLIS = 250;
    static final double ISOLATION_TARGET_PERCENT = 10;

    private ResultsReport() {
    }

    static void write(BenchmarkResult result, Path dir) throws IOException {
        Files.writeString(dir.resolve(RESULTS_FILE), markdown(result, Files.exists(dir.resolve(ANALYSIS_FILE))));
        ThroughputChart.write(result, dir.resolve(CHART_FILE));
    }

    /** The plain-text table printed by the command. */
    static String console(BenchmarkResult result) {
        var text = new StringBuilder();
        String row = "%-44s %22s %26s %8s%n";
        text.append(String.format(Locale.ROOT, row, "measure", "figure", "ceiling", "ratio"));
        for (List<String> cells : rows(result)) {
            text.append(String.format(Locale.ROOT, row, cells.get(0), cells.get(1), cells.get(2), cells.get(3)));
        }
        text.append(System.lineSeparator());
        for (String verdict : verdicts(result)) {
            text.append("  ").append(verdict).append(System.lineSeparator());
        }
        return text.toString();
    }

    static String markdown(BenchmarkResult result, boolean withAnalysis) {
        var md = new StringBuilder();
        BenchmarkResult.Machine machine = result.machine();
        md.append("# Benchmark results\n\n");
        md.append(String.format(Locale.ROOT, """
                Measured by `./monitorflow bench --size %s` on %s UTC; the run took %s from a fresh stack to \
                the last figure.

                **Machine:** %d cores, %.1f GiB of memory, %s, %s. Everything runs on this one machine: the \
                Kafka broker (KRaft, in the benchmark JVM, with the receiver and the load generator), \
                PostgreSQL, and the four services as separate processes (`-Xmx%dm` each).

                ![Throughput](%s)

                """, machine.size(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(
                        machine.date().atOffset(ZoneOffset.UTC)), duration(result.elapsed().toSeconds()),
                machine.cores(), machine.memoryMiB() / 1024, machine.jdk(), machine.os(), result.heapLimitMiB(),
                CHART_FILE));

        md.append("## Ceilings, measured in the same run\n\n");
        md.append("| ceiling | figure |\n| --- | ---: |\n");
        md.append(cells("broker: produce 1 KB records, `acks=all`", perSecond(result.broker().produceRate(), "records")));
        md.append(cells("broker: produce and consume concurrently",
                perSecond(result.broker().produceAndConsumeRate(), "records")));
        md.append(cells("broker: one hop, send to poll, at " + number(result.broker().hopRate()) + " records/s",
                percentiles(result.broker().hop())));
        md.append(cells("receiver driven directly by OkHttp, pre-signed 1 KB bodies",
                perSecond(result.http().rate(), "requests")));
        md.append(cells("receiver, one request at a time", percentiles(result.http().idle())));
        md.append('\n');

        md.append("## Results against their ceilings\n\n");
        md.append("| measure | figure | ceiling | ratio |\n| --- | ---: | ---: | ---: |\n");
        for (List<String> row : rows(result)) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n');
        md.append(String.format(Locale.ROOT, "Every delivery's signature was verified: %d failed. Delivery bodies "
                + "averaged %.0f bytes.%n%n", result.invalidSignatures(), result.averageBodyBytes()));

        md.append("## Targets\n\n");
        for (String verdict : verdicts(result)) {
            md.append("- ").append(verdict).append('\n');
        }
        md.append('\n');

        md.append(cpuTable(result));
        md.append(profiles(result));
        md.append(method());
        if (withAnalysis) {
            md.append("\n## Analysis\n\nWhat holds each missed target back, read from the profiles, and what to tune: "
                    + "[" + ANALYSIS_FILE + "](" + ANALYSIS_FILE + ").\n");
        }
        return md.toString();
    }

    private static List<List<String>> rows(BenchmarkResult result) {
        List<List<String>> rows = new ArrayList<>();
        double http = result.http().rate();
        double broker = result.broker().produceAndConsumeRate();
        for (BenchmarkResult.Throughput phase : result.throughput()) {
            rows.add(List.of("signed deliveries/s, fan-out " + phase.fanOut() + " (" + phase.accounts() + " accounts)",
                    number(phase.rate()) + (phase.drained() ? "" : " (not drained)"),
                    "HTTP " + number(http) + " · broker " + number(broker),
                    ratio(phase.rate(), http) + " · " + ratio(phase.rate(), broker)));
        }
        BenchmarkResult.LatencyAtLoad latency = result.latency();
        rows.add(List.of("latency p50 at " + number(latency.eventsPerSecond()) + " events/s, fan-out 1",
                millis(latency.age().p50()), millis(latency.floor().p50()), ratio(latency.age().p50(), latency.floor().p50())));
        rows.add(List.of("latency p95", millis(latency.age().p95()), millis(latency.floor().p95()),
                ratio(latency.age().p95(), latency.floor().p95())));
        rows.add(List.of("latency p99", millis(latency.age().p99()), millis(latency.floor().p99()),
                ratio(latency.age().p99(), latency.floor().p99())));
        BenchmarkResult.Isolation isolation = result.isolation();
        rows.add(List.of("healthy deliveries/s beside an unanswering endpoint", number(isolation.with().rate()),
                "alone " + number(isolation.without().rate()), ratio(isolation.with().rate(), isolation.without().rate())));
        rows.add(List.of("healthy p99 beside an unanswering endpoint", millis(isolation.with().age().p99()),
                "alone " + millis(isolation.without().age().p99()),
                ratio(isolation.with().age().p99(), isolation.without().age().p99())));
        BenchmarkResult.RetryPrecision retry = result.retry();
        String step = millis(retry.stepDelay().toMillis());
        rows.add(List.of("retry lateness p50", millis(retry.lateness().p50()), "step " + step,
                ratio(retry.lateness().p50(), retry.stepDelay().toMillis())));
        rows.add(List.of("retry lateness p99", millis(retry.lateness().p99()), "step " + step,
                ratio(retry.lateness().p99(), retry.stepDelay().toMillis())));
        rows.add(List.of("retry lateness max", millis(retry.lateness().max()), "step " + step,
                ratio(retry.lateness().max(), retry.stepDelay().toMillis())));
        result.residentMiB().forEach((process, mib) -> rows.add(List.of("resident memory, " + process,
                String.format(Locale.ROOT, "%.0f MiB", mib),
                process.endsWith("-service") ? "heap limit " + result.heapLimitMiB() + " MiB" : "–",
                process.endsWith("-service") ? ratio(mib, result.heapLimitMiB()) : "–")));
        return rows;
    }

    /** One line per target: met, or missed by how much and what holds it back. */
    static List<String> verdicts(BenchmarkResult result) {
        List<String> verdicts = new ArrayList<>();
        BenchmarkResult.Throughput fanOut10 = result.throughput().stream().filter(t -> t.fanOut() == 10)
                .findFirst().orElseThrow();
        double half = result.http().rate() / 2;
        verdicts.add(verdict("at least 5,000 signed deliveries/s at fan-out 10", fanOut10.rate() >= ThroughputChart.TARGET,
                number(fanOut10.rate()) + "/s", shortBy(ThroughputChart.TARGET, fanOut10.rate()), bottleneck(result)));
        verdicts.add(verdict("at least half the HTTP ceiling at fan-out 10 (" + number(half) + "/s)",
                fanOut10.rate() >= half, number(fanOut10.rate()) + "/s", shortBy(half, fanOut10.rate()),
                "the same bottleneck"));
        double p99 = result.latency().age().p99();
        verdicts.add(verdict("p99 under 250 ms at " + number(result.latency().eventsPerSecond()) + " events/s",
                p99 < P99_TARGET_MILLIS, millis(p99), String.format(Locale.ROOT, "%s over (%.0f%%)",
                        millis(p99 - P99_TARGET_MILLIS), (p99 / P99_TARGET_MILLIS - 1) * 100),
                String.format(Locale.ROOT, "waiting inside the pipeline: p99 is %.1f times its unloaded floor (%s for"
                        + " two broker hops and one HTTP request)", p99 / Math.max(result.latency().floor().p99(), 0.001),
                        millis(result.latency().floor().p99()))));
        double cost = result.isolation().throughputCostPercent();
        verdicts.add(verdict("an unanswering endpoint costs healthy accounts under 10% of their throughput",
                cost < ISOLATION_TARGET_PERCENT, String.format(Locale.ROOT, "%.1f%% lost", cost),
                String.format(Locale.ROOT, "%.1f points over", cost - ISOLATION_TARGET_PERCENT),
                String.format(Locale.ROOT, "the unanswering account: healthy p99 went from %s to %s beside it",
                        millis(result.isolation().without().age().p99()), millis(result.isolation().with().age().p99()))));
        return verdicts;
    }

    private static String verdict(String target, boolean met, String measured, String missedBy, String cause) {
        return met ? "**met**: " + target + ": " + measured
                : "**missed**: " + target + ": " + measured + ", " + missedBy + "; held back by " + cause;
    }

    private static String shortBy(double target, double measured) {
        return String.format(Locale.ROOT, "%s/s short (%.0f%%)", number(target - measured), (1 - measured / target) * 100);
    }

    /** How busy the machine was in the fan-out 10 phase, its busiest process, and where that process spent it. */
    static String bottleneck(BenchmarkResult result) {
        BenchmarkResult.Throughput phase = result.throughput().stream().filter(t -> t.fanOut() == 10)
                .findFirst().orElseThrow();
        double total = phase.coresByProcess().values().stream().mapToDouble(Double::doubleValue).sum();
        double others = phase.coresByProcess().getOrDefault(Benchmark.OTHERS, 0.0);
        Map.Entry<String, Double> busiest = phase.coresByProcess().entrySet().stream()
                .filter(e -> !e.getKey().equals(Benchmark.OTHERS))
                .max(Map.Entry.comparingByValue()).orElseThrow();
        ProfileSummary profile = result.profiles().getOrDefault(busiest.getKey(), ProfileSummary.NONE);
        String where = profile.byArea().entrySet().stream().limit(3)
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("no profile");
        return String.format(Locale.ROOT, "CPU: the machine's %d cores were %.2f busy (%.2f of it other processes);"
                + " the busiest process is %s with %.2f cores (%s)", result.machine().cores(), total, others,
                busiest.getKey(), busiest.getValue(), where);
    }

    private static String cpuTable(BenchmarkResult result) {
        var md = new StringBuilder("## Where the CPU goes\n\nCores each process kept busy during each throughput "
                + "phase (from `/proc/<pid>/stat`; other processes: the machine's busy time from `/proc/stat` less "
                + "these), and how far the delivery log was behind once the phase was over.\n\n");
        Set<String> processes = new LinkedHashSet<>();
        result.throughput().forEach(t -> processes.addAll(t.coresByProcess().keySet()));
        md.append("| process |");
        result.throughput().forEach(t -> md.append(" fan-out ").append(t.fanOut()).append(" |"));
        md.append("\n| --- |");
        result.throughput().forEach(t -> md.append(" ---: |"));
        md.append('\n');
        for (String process : processes) {
            md.append("| ").append(process).append(" |");
            result.throughput().forEach(t -> md.append(String.format(Locale.ROOT, " %.2f |",
                    t.coresByProcess().getOrDefault(process, 0.0))));
            md.append('\n');
        }
        md.append("| **machine** |");
        result.throughput().forEach(t -> md.append(String.format(Locale.ROOT, " **%.2f** |",
                t.coresByProcess().values().stream().mapToDouble(Double::doubleValue).sum())));
        md.append("\n| delivery log behind (attempts) |");
        result.throughput().forEach(t -> md.append(' ').append(number(t.deliveryLogLag())).append(" |"));
        md.append("\n\n");
        return md.toString();
    }

    private static String profiles(BenchmarkResult result) {
        var md = new StringBuilder("## Profiles of the fan-out 10 phase\n\nFlight Recorder execution samples of "
                + "each process during the fan-out 10 phase: the share of samples per area of code (the first "
                + "library or product frame from the top of the stack), the hottest methods (top frame), and "
                + "the garbage-collection pauses.\n\n");
        result.profiles().forEach((process, profile) -> {
            md.append("**").append(process).append("**: ").append(number(profile.samples())).append(" samples, GC ")
                    .append(profile.gcPause().toMillis()).append(" ms paused.  \n");
            md.append("Areas: ").append(join(profile.byArea())).append(".  \n");
            md.append("Hottest: ").append(join(profile.hottest())).append(".\n\n");
        });
        return md.toString();
    }

    private static String method() {
        return """
                ## How each figure is measured

                - **Broker ceiling**: a scratch topic with the event topics' 6 partitions; 1 KB records keyed by \
                account, `acks=all`, idempotent, produced while a consumer reads them back; the rate counts from \
                the first send until the consumer has them all. One hop's latency is send to poll at a fixed rate.
                - **HTTP ceiling**: the benchmark's receiver driven directly by OkHttp, configured as dispatch \
                configures it (keep-alive, dispatcher and pool limits raised, one call timeout), with blocking \
                calls on virtual threads, posting pre-signed 1 KB bodies that the receiver verifies.
                - **Throughput**: an upstream producer writes 1 KB `sale.created` events to `events.inbound`; \
                ingest validates and routes them, dispatch fans them out, signs and POSTs them to the receiver, \
                which verifies every signature; the registry writes every attempt into the delivery log at the \
                same time. Events are spread round-robin over many accounts (each limited to 10 deliveries in \
                flight by design), and the producer keeps at most 5,000 deliveries outstanding, so each phase \
                measures the system's rate and leaves no backlog. The first seconds of each phase are left out.
                - **Latency**: events sent at a fixed rate, fan-out 1; the age of each delivery is its receipt \
                time minus the `createdAt` the producer set when it sent the event (same clock). The floor is \
                two broker hops plus one HTTP request, each unloaded.
                - **Isolation**: the fan-out 10 accounts at 60% of the fan-out 10 throughput, once alone and \
                once beside one more account with 10 webhooks whose endpoint accepts connections and never \
                answers, sent the same number of events per account. Healthy throughput is what they received \
                divided by the time to the last receipt.
                - **Retry precision**: an endpoint answers 500 to every first attempt; lateness is the second \
                attempt's receipt minus the first's minus the configured first step (2 s here, jitter off).
                - **Memory**: `VmRSS` from `/proc/<pid>/status` at the end of the run (PostgreSQL: all its \
                processes added up, shared memory counted in each).
                """;
    }

    private static String cells(String left, String right) {
        return "| " + left + " | " + right + " |\n";
    }

    private static String join(Map<String, Double> shares) {
        if (shares.isEmpty()) {
            return "no samples";
        }
        List<String> parts = new ArrayList<>();
        shares.forEach((name, share) -> parts.add(String.format(Locale.ROOT, "%s %.0f%%", name, share)));
        return String.join(", ", parts);
    }

    private static String percentiles(Latency latency) {
        return "p50 " + millis(latency.p50()) + ", p99 " + millis(latency.p99());
    }

    private static String perSecond(double rate, String unit) {
        return number(rate) + " " + unit + "/s";
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String millis(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f ms", value)
                : String.format(Locale.ROOT, "%.1f ms", value);
    }

    private static String ratio(double figure, double ceiling) {
        return ceiling == 0 ? "–" : String.format(Locale.ROOT, "%.2f", figure / ceiling);
    }

    private static String duration(long seconds) {
        return seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
    }
}
