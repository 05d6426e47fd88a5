package com.monitorflow.webhooks.localstack.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the receiver counts for one set of webhooks that a phase drives: correctly signed
 * deliveries, bad signatures, event age at receipt and, for a group whose first attempts are
 * refused, how late each retry arrived.
 */
final class TrafficGroup {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final String name;
    private final boolean failFirstAttempt;
    private final long retryDelayNanos;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();
    private final LongAdder earlyRetries = new LongAdder();
    private final Histogram ageMicros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Histogram retryLatenessMicros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Map<String, Long> firstAttemptNanos = new ConcurrentHashMap<>();
    private volatile long lastReceiptNanos;

    private TrafficGroup(String name, boolean failFirstAttempt, long retryDelayNanos) {
        this.name = name;
        this.failFirstAttempt = failFirstAttempt;
        this.retryDelayNanos = retryDelayNanos;
    }

    /** A group whose deliveries are all answered 200. */
    static TrafficGroup accepting(String name) {
        return new TrafficGroup(name, false, 0);
    }

    /** A group whose first attempt of every delivery is answered 500, the next ones 200. */
    static TrafficGroup failingFirstAttempt(String name, long retryDelayNanos) {
        return new TrafficGroup(name, true, retryDelayNanos);
    }

    String name() {
        return name;
    }

    boolean failsFirstAttempt() {
        return failFirstAttempt;
    }

    /** Forgets everything counted so far, at the start of a phase. */
    void reset() {
        delivered.reset();
        invalid.reset();
        bodyBytes.reset();
        ageMicros.reset();
        retryLatenessMicros.reset();
        firstAttemptNanos.clear();
        earlyRetries.reset();
        lastReceiptNanos = 0;
    }

    void recordDelivery(int bodyLength, long ageMicrosOrNegative, long receivedNanos) {
        delivered.increment();
        bodyBytes.add(bodyLength);
        if (ageMicrosOrNegative >= 0) {
            ageMicros.recordValue(Math.min(ageMicrosOrNegative, HIGHEST_MICROS));
        }
        lastReceiptNanos = receivedNanos;
    }

    void recordInvalid() {
        invalid.increment();
    }

    void recordFirstAttempt(String deliveryId, long receivedNanos) {
        firstAttemptNanos.putIfAbsent(deliveryId, receivedNanos);
    }

    /** Records how late attempt 2 came compared with attempt 1 plus the configured first step. */
    void recordRetry(String deliveryId, long receivedNanos) {
        Long first = firstAttemptNanos.get(deliveryId);
        if (first != null) {
            long lateNanos = receivedNanos - first - retryDelayNanos;
            if (lateNanos < 0) {
                earlyRetries.increment();
            }
            retryLatenessMicros.recordValue(Math.clamp(lateNanos / 1_000, 0, HIGHEST_MICROS));
        }
    }

    long delivered() {
        return delivered.sum();
    }

    long invalid() {
        return invalid.sum();
    }

    /** Retries that arrived before their due time (counted as 0 ms late in the histogram). */
    long earlyRetries() {
        return earlyRetries.sum();
    }

    long lastReceiptNanos() {
        return lastReceiptNanos;
    }

    double averageBodyBytes() {
        long count = delivered.sum();
        return count == 0 ? 0 : (double) bodyBytes.sum() / count;
    }

    /** Event age at receipt ({@code createdAt} to receipt) in microseconds; a copy. */
    Histogram ageMicros() {
        return ageMicros.copy();
    }

    Histogram retryLatenessMicros() {
        return retryLatenessMicros.copy();
    }
}
