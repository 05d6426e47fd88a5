package com.monitorflow.webhooks.registry.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;

import com.monitorflow.webhooks.model.PendingDelivery;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * When the retry service must next act on a record of a retry topic, worked out the way it does.
 * The record's turn is the step's delay after its failure ({@code mf-failed-at}) or after it was
 * moved to this step ({@code mf-moved-at}). At its turn it is handed back, unless the endpoint asked
 * for more time ({@code mf-not-before}, capped at the failure time plus the longest step): then it
 * moves to a later step at its turn, or, when less than the shortest step is left, is due at that
 * time.
 */
final class RetryDueTime {

    private final RetryStepDelays delays;
    private final Duration longestStep;
    private final Duration shortestStep;

    RetryDueTime(RetryStepDelays delays) {
        this.delays = delays;
        this.longestStep = Collections.max(delays.delays());
        this.shortestStep = Collections.min(delays.delays());
    }

    /** The delay of step {@code step}. */
    Duration delay(int step) {
        return delays.delay(step);
    }

    /**
     * The due time of a record of step {@code step}. A record without a readable failure time is
     * taken to have failed when it was written ({@code recordTimestamp}).
     */
    Instant dueAt(int step, Headers headers, Instant recordTimestamp) {
        Instant failedAt = epochMillis(headers, PendingDelivery.FAILED_AT);
        if (failedAt == null) {
            failedAt = recordTimestamp;
        }
        Instant movedAt = epochMillis(headers, PendingDelivery.MOVED_AT);
        Instant turn = (movedAt != null ? movedAt : failedAt).plus(delays.delay(step));
        Instant notBefore = epochMillis(headers, PendingDelivery.NOT_BEFORE);
        if (notBefore == null || !notBefore.isAfter(turn)) {
            return turn;
        }
        Instant cap = failedAt.plus(longestStep);
        Instant requested = notBefore.isAfter(cap) ? cap : notBefore;
        if (!requested.isAfter(turn)) {
            return turn;
        }
        return Duration.between(turn, requested).compareTo(shortestStep) >= 0 ? turn : requested;
    }

    private static @Nullable Instant epochMillis(Headers headers, String name) {
        String text = PendingDelivery.text(headers, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
