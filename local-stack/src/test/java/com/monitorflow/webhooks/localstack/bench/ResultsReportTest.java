package com.monitorflow.webhooks.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryFigureNextToItsCeilingAndAChart() throws Exception {
        BenchmarkResult result = sample(4_000, 2.0);

        ResultsReport.write(result, dir);

        String markdown = Files.readString(dir.resolve(ResultsReport.RESULTS_FILE));
        assertThat(markdown)
                .contains("2 cores", "signed deliveries/s, fan-out 1 (48 accounts)", "fan-out 10", "fan-out 100")
                .contains("| signed deliveries/s, fan-out 10 (48 accounts) | 4,000 | HTTP 10,000 · broker 50,000 | 0.40 · 0.08 |")
                .contains("latency p99", "retry lateness p99", "resident memory, dispatch-service")
                .contains("healthy deliveries/s beside an unanswering endpoint")
                .contains("![Throughput](throughput.png)");
        BufferedImage chart = ImageIO.read(dir.resolve(ResultsReport.CHART_FILE).toFile());
        assertThat(chart.getWidth()).isEqualTo(900);
    }

    @Test
    void aMissedTargetSaysByHowMuchAndWhatHoldsItBack() {
        List<String> verdicts = ResultsReport.verdicts(sample(4_000, 2.0));

        assertThat(verdicts.getFirst())
                .startsWith("**missed**: at least 5,000 signed deliveries/s at fan-out 10: 4,000/s, 1,000/s short (20%)")
                .contains("the machine's 2 cores were 1.80 busy (0.00 of it other processes)")
                .contains("the busiest process is dispatch-service with 1.10 cores (HTTP client (OkHttp) 40%");
        assertThat(verdicts.get(1)).startsWith("**missed**: at least half the HTTP ceiling");
        assertThat(verdicts.get(2)).startsWith("**met**: p99 under 250 ms");
        assertThat(verdicts.get(3)).startsWith("**met**: an unanswering endpoint costs");
    }

    @Test
    void metTargetsAreMarkedMet() {
        List<String> verdicts = ResultsReport.verdicts(sample(6_000, 2.0));

        assertThat(verdicts).allMatch(v -> v.startsWith("**met**"));
    }

    static BenchmarkResult sample(double fanOut10Rate, double isolationCostPercent) {
        Map<String, Double> cores = new LinkedHashMap<>();
        cores.put("dispatch-service", 1.1);
        cores.put("ingest-service", 0.1);
        cores.put(Benchmark.BENCH_PROCESS, 0.6);
        var latency = new Latency(1_000, 12, 30, 80, 120);
        Map<String, Double> areas = new LinkedHashMap<>();
        areas.put("HTTP client (OkHttp)", 40.0);
        areas.put("Kafka client", 20.0);
        var profile = new ProfileSummary(900, areas, Map.of("SocketDispatcher.write0", 12.0), Duration.ofMillis(40));
        Map<String, ProfileSummary> profiles = new LinkedHashMap<>();
        profiles.put("dispatch-service", profile);
        Map<String, Double> memory = new LinkedHashMap<>();
        memory.put("dispatch-service", 400.0);
        memory.put(Benchmark.POSTGRES, 120.0);
        double withRate = 3_000 * (1 - isolationCostPercent / 100);
        return new BenchmarkResult(
                new BenchmarkResult.Machine(2, 24_000, "OpenJDK 25", "Linux", Instant.parse("2026-12-03T19:50:00Z"), "full"),
                new BrokerCeiling.Result(90_000, 50_000, new Latency(1_000, 1, 2, 3, 4), 1_000),
                new HttpCeiling.Result(10_000, 0, new Latency(1_000, 0.3, 0.5, 1, 2)),
                List.of(new BenchmarkResult.Throughput(1, 48, 3_000, 50_000, true, cores, 0),
                        new BenchmarkResult.Throughput(10, 48, fanOut10Rate, 70_000, true, cores, 120),
                        new BenchmarkResult.Throughput(100, 12, 5_000, 70_000, true, cores, 0)),
                new BenchmarkResult.LatencyAtLoad(1_000, 15, 15_000, 15_000, latency, new Latency(1_000, 2, 4, 6, 9)),
                new BenchmarkResult.Isolation(2_400, new BenchmarkResult.Isolation.Run(3_000, 36_000, 36_000, latency),
                        new BenchmarkResult.Isolation.Run(withRate, 36_000, 36_000, latency), 10),
                new BenchmarkResult.RetryPrecision(Duration.ofSeconds(2), 100, 100, new Latency(100, 5, 20, 40, 60), 0),
                memory, 512, profiles, 0, 1_020, Duration.ofSeconds(240));
    }
}
