package com.monitorflow.webhooks.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The whole benchmark at its tiny size on the real stack: a few hundred deliveries per phase, so
 * it proves every figure is produced and the results file and chart are written, not how fast the
 * system is. Its output goes to {@code target/}, never over the published results in {@code docs/}.
 */
class BenchmarkSmokeIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path OUTPUT = Path.of("target", "benchmark-smoke").toAbsolutePath();

    @Test
    void theTinyRunProducesEveryFigureAndTheResultsFile() throws Exception {
        BenchmarkResult result = Benchmark.run(REPOSITORY, BenchmarkSize.tiny(), OUTPUT,
                new PrintStream(System.out, true, StandardCharsets.UTF_8));

        assertThat(result.broker().produceRate()).isPositive();
        assertThat(result.broker().produceAndConsumeRate()).isPositive();
        assertThat(result.broker().hop().count()).isPositive();
        assertThat(result.http().rate()).isPositive();
        assertThat(result.http().errors()).isZero();
        assertThat(result.throughput()).extracting(BenchmarkResult.Throughput::fanOut).containsExactly(1, 10, 100);
        assertThat(result.throughput()).allSatisfy(phase -> {
            assertThat(phase.rate()).isPositive();
            assertThat(phase.drained()).isTrue();
            assertThat(phase.coresByProcess()).containsKeys("dispatch-service", "ingest-service");
        });
        assertThat(result.latency().delivered()).isGreaterThanOrEqualTo(result.latency().expected());
        assertThat(result.latency().age().p99()).isPositive();
        assertThat(result.isolation().without().delivered()).isGreaterThanOrEqualTo(result.isolation().without().expected());
        assertThat(result.isolation().with().rate()).isPositive();
        assertThat(result.isolation().hungConnections()).isPositive();
        assertThat(result.retry().retried()).isGreaterThanOrEqualTo(result.retry().expected());
        assertThat(result.retry().lateness().count()).isGreaterThanOrEqualTo(result.retry().expected());
        assertThat(result.residentMiB()).containsKeys("registry-service", "ingest-service", "dispatch-service",
                "retry-service", Benchmark.BENCH_PROCESS);
        assertThat(result.residentMiB().values()).allMatch(mib -> mib > 0);
        assertThat(result.profiles().get("dispatch-service").samples()).isPositive();
        assertThat(result.invalidSignatures()).isZero();

        String markdown = Files.readString(OUTPUT.resolve(ResultsReport.RESULTS_FILE));
        assertThat(markdown).contains("fan-out 100", "latency p99", "retry lateness p99",
                "resident memory, dispatch-service", "beside an unanswering endpoint", "## Targets");
        assertThat(OUTPUT.resolve(ResultsReport.CHART_FILE)).isNotEmptyFile();
    }
}
