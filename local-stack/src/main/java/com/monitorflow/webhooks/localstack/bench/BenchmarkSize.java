package com.monitorflow.webhooks.localstack.bench;

import java.time.Duration;

/**
 * How much one benchmark run does. {@code full} is the published run; {@code tiny} does a few
 * hundred deliveries per phase so that a test can run the whole benchmark in well under a minute
 * of measuring.
 *
 * @param name the name given on the command line
 * @param brokerRecords 1 KB records produced and consumed for the broker ceiling
 * @param httpRequests pre-signed requests posted for the HTTP ceiling
 * @param httpConcurrency requests the HTTP ceiling keeps in flight
 * @param accounts accounts of the fan-out 1 and fan-out 10 groups each
 * @param wideAccounts accounts of the fan-out 100 group
 * @param warmUpEvents fan-out 1 events sent, not measured, before the first phase
 * @param phaseDuration how long each throughput phase sends
 * @param phaseMaxDeliveries the most deliveries one throughput phase asks for
 * @param measureAfter the start of a throughput phase that is left out of its rate
 * @param latencyRate events per second of the latency phase
 * @param latencyDuration how long the latency phase sends
 * @param isolationDuration how long each of the two isolation runs sends
 * @param retryEvents deliveries that fail once, for retry precision
 */
public record BenchmarkSize(
        String name,
        int brokerRecords,
        int httpRequests,
        int httpConcurrency,
        int accounts,
        int wideAccounts,
        int warmUpEvents,
        Duration phaseDuration,
        long phaseMaxDeliveries,
        Duration measureAfter,
        int latencyRate,
        Duration latencyDuration,
        Duration isolationDuration,
        int retryEvents) {

    /** The published run: a few minutes on a 2-core machine. */
    public static BenchmarkSize full() {
        return new BenchmarkSize("full", 100_000, 100_000, 64, 48, 12, 3_000,
                Duration.ofSeconds(18), Long.MAX_VALUE, Duration.ofSeconds(4),
                1_000, Duration.ofSeconds(15), Duration.ofSeconds(15), 100);
    }

    /** A few hundred deliveries per phase: proves every figure is produced, measures nothing. */
    public static BenchmarkSize tiny() {
        return new BenchmarkSize("tiny", 2_000, 2_000, 16, 4, 2, 20,
                Duration.ofSeconds(3), 400, Duration.ZERO,
                100, Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
    }

    public static BenchmarkSize named(String name) {
        return switch (name) {
            case "full" -> full();
            case "tiny" -> tiny();
            default -> throw new IllegalArgumentException("Unknown size " + name + "; use tiny or full");
        };
    }
}
