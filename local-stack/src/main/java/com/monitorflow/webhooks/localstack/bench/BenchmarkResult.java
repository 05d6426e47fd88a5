package com.monitorflow.webhooks.localstack.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every figure of one benchmark run, with the ceilings it is compared against.
 *
 * @param machine what the run ran on
 * @param broker the broker's raw rates and one hop's latency
 * @param http the receiver driven directly
 * @param throughput one entry per fan-out
 * @param latency event age at receipt at a fixed offered load
 * @param isolation healthy accounts without and with an account whose endpoint never answers
 * @param retry how late retries arrive compared with their due time
 * @param residentMiB resident memory at the end of the run, per process
 * @param heapLimitMiB the heap limit each service runs with
 * @param profiles where each process spent its CPU during the fan-out 10 phase
 * @param invalidSignatures deliveries whose signature did not verify, over the whole run
 * @param averageBodyBytes the average delivery body size
 * @param elapsed how long the whole run took, stack start included
 */
public record BenchmarkResult(
        Machine machine,
        BrokerCeiling.Result broker,
        HttpCeiling.Result http,
        List<Throughput> throughput,
        LatencyAtLoad latency,
        Isolation isolation,
        RetryPrecision retry,
        Map<String, Double> residentMiB,
        int heapLimitMiB,
        Map<String, ProfileSummary> profiles,
        long invalidSignatures,
        double averageBodyBytes,
        Duration elapsed) {

    /** The machine and the run. */
    public record Machine(int cores, double memoryMiB, String jdk, String os, Instant date, String size) {
    }

    /**
     * One saturating phase.
     *
     * @param fanOut webhooks per event
     * @param accounts accounts the events were spread over
     * @param rate signed deliveries/s received
     * @param deliveries deliveries asked for
     * @param drained whether all of them arrived
     * @param coresByProcess cores each process kept busy during the phase
     * @param deliveryLogLag attempts not yet in the delivery log once the phase was over
     */
    public record Throughput(int fanOut, int accounts, double rate, long deliveries, boolean drained,
            Map<String, Double> coresByProcess, long deliveryLogLag) {
    }

    /**
     * @param eventsPerSecond the offered load
     * @param seconds how long it was offered
     * @param expected deliveries asked for
     * @param delivered deliveries received
     * @param age event age at receipt
     * @param floor the same path's unloaded floor: two broker hops plus one HTTP request
     */
    public record LatencyAtLoad(int eventsPerSecond, double seconds, long expected, long delivered, Latency age,
            Latency floor) {
    }

    /**
     * @param offeredPerSecond deliveries/s offered to the healthy accounts in both runs
     * @param without the healthy accounts alone
     * @param with the healthy accounts beside one account whose endpoint never answers
     * @param hungConnections connections the unanswering endpoint accepted
     */
    public record Isolation(double offeredPerSecond, Run without, Run with, int hungConnections) {

        /** @param rate healthy deliveries/s received; @param age their event age at receipt */
        public record Run(double rate, long expected, long delivered, Latency age) {
        }

        /** The share of healthy throughput lost to the unanswering endpoint, in percent. */
        public double throughputCostPercent() {
            return without.rate() == 0 ? 0 : (1 - with.rate() / without.rate()) * 100;
        }
    }

    /**
     * @param stepDelay the configured first back-off step
     * @param expected deliveries that failed once
     * @param retried those whose retry arrived
     * @param lateness retry receipt minus first receipt minus the step
     * @param early retries that came before their due time
     */
    public record RetryPrecision(Duration stepDelay, long expected, long retried, Latency lateness, long early) {
    }
}
