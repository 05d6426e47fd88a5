package com.monitorflow.webhooks.localstack.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in milliseconds.
 *
 * @param count how many values were recorded
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param max the largest value
 */
record Latency(long count, double p50, double p95, double p99, double max) {

    static final Latency NONE = new Latency(0, 0, 0, 0, 0);

    /** Reads a histogram of microseconds. */
    static Latency ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(95)), millis(micros.getValueAtPercentile(99)),
                millis(micros.getMaxValue()));
    }

    /** The sum of two independent stages' percentiles: an upper bound of the combined floor. */
    Latency plus(Latency other) {
        return new Latency(Math.min(count, other.count), p50 + other.p50, p95 + other.p95, p99 + other.p99,
                max + other.max);
    }

    Latency times(int factor) {
        return new Latency(count, p50 * factor, p95 * factor, p99 * factor, max * factor);
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
