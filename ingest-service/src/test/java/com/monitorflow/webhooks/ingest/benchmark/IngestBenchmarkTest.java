package com.monitorflow.webhooks.ingest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keeps the benchmark runnable: a tiny run must route every event and report positive rates. */
class IngestBenchmarkTest {

    @Test
    void benchmarkRunsAtTinySize() {
        IngestBenchmark.Result result = IngestBenchmark.run(300);

        assertThat(IngestBenchmark.value(7)).hasSize(IngestBenchmark.RECORD_BYTES);
        assertThat(result.routed()).isGreaterThanOrEqualTo(300 + 300 / 5);
        assertThat(result.rawPerSecond()).isPositive();
        assertThat(result.ingestPerSecond()).isPositive();
        assertThat(result.report()).contains("ratio:");
    }
}
