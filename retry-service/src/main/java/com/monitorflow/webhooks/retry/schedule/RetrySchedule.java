package com.monitorflow.webhooks.retry.schedule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.monitorflow.webhooks.retry.RetryProperties;

/**
 * When a failed delivery is due again. Everything is computed from values the record carries
 * (failure time, {@code Retry-After} bound, delivery id and attempt count) and from configuration,
 * so every instance, before or after a restart, arrives at the same due time.
 */
public final class RetrySchedule {

    private final List<Duration> delays;
    private final Duration longestStep;
    private final Duration shortestStep;
    private final double jitterRatio;
    private final Duration maxJitter;

    public RetrySchedule(List<Duration> delays, double jitterRatio, Duration maxJitter) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("A retry schedule needs at least one step");
        }
        this.delays = List.copyOf(delays);
        this.longestStep = Collections.max(this.delays);
        this.shortestStep = Collections.min(this.delays);
        this.jitterRatio = jitterRatio;
        this.maxJitter = maxJitter;
    }

    public static RetrySchedule of(RetryProperties properties) {
        return new RetrySchedule(properties.delays(), properties.jitterRatio(), properties.maxJitter());
    }

    /** How many steps the schedule has. */
    public int steps() {
        return delays.size();
    }

    /** The delay of retry step {@code step}, counted from 1. */
    public Duration delay(int step) {
        if (step < 1 || step > delays.size()) {
            throw new IllegalArgumentException("Retry step " + step + " is outside 1.." + delays.size());
        }
        return delays.get(step - 1);
    }

    /** The shortest delay of the schedule. */
    public Duration shortestStep() {
        return shortestStep;
    }

    /** The longest delay of the schedule, which also bounds how long a {@code Retry-After} is honoured. */
    public Duration longestStep() {
        return longestStep;
    }

    /**
     * The jitter added at {@code step} for the given delivery and attempt count: between zero and
     * {@code min(jitterRatio × delay, maxJitter)}, the same on every instance and after a restart.
     */
    public Duration jitter(int step, String deliveryId, int attempts) {
        long bound = Math.min((long) (delay(step).toMillis() * jitterRatio), maxJitter.toMillis());
        if (bound <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.floorMod(stableHash(deliveryId + '#' + attempts), bound + 1));
    }

    /**
     * When a record that has waited on step {@code step} since {@code since} reaches its turn: that
     * time plus the step's delay and jitter. Records of one step are written roughly in the order
     * of their {@code since}, so their turns come in offset order too.
     */
    public Instant turn(int step, String deliveryId, int attempts, Instant since) {
        return since.plus(delay(step)).plus(jitter(step, deliveryId, attempts));
    }

    /**
     * The earliest time an endpoint that failed at {@code failedAt} accepts the next attempt, as its
     * {@code Retry-After} asked ({@code notBefore}) but never beyond the failure time plus the
     * longest step; null when it asked for nothing.
     */
    public @Nullable Instant requested(Instant failedAt, @Nullable Instant notBefore) {
        if (notBefore == null) {
            return null;
        }
        Instant cap = failedAt.plus(longestStep);
        return notBefore.isAfter(cap) ? cap : notBefore;
    }

    /**
     * The step with the longest delay that still fits within {@code remaining}, or 0 when even
     * the shortest step is longer. A delivery that must wait that long moves to that step.
     */
    public int longestStepWithin(Duration remaining) {
        int best = 0;
        for (int step = 1; step <= delays.size(); step++) {
            Duration delay = delays.get(step - 1);
            if (delay.compareTo(remaining) <= 0 && (best == 0 || delay.compareTo(delays.get(best - 1)) > 0)) {
                best = step;
            }
        }
        return best;
    }

    /**
     * The due time of a delivery that failed at {@code failedAt} and waits on step {@code step}:
     * the failure time plus the step's delay and jitter or, when the endpoint asked for more time
     * ({@code notBefore}), that time, but never later than the failure time plus the longest step.
     */
    public Instant dueAt(int step, String deliveryId, int attempts, Instant failedAt, @Nullable Instant notBefore) {
        Instant scheduled = turn(step, deliveryId, attempts, failedAt);
        Instant requested = requested(failedAt, notBefore);
        return requested == null ? scheduled : max(scheduled, requested);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static long stableHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
