package com.monitorflow.webhooks.registry.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;

import com.monitorflow.webhooks.model.PendingDelivery;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * When a record on a retry topic becomes due, worked out the way the retry service does: the
 * failure time ({@code mf-failed-at}) plus the step's delay or, when the endpoint asked for more time
 * ({@code mf-not-before}), that time, capped at the failure time plus the longest step.
 */
final class RetryDueTime {

    private final RetryStepDelays delays;
    private final Duration longestStep;

    RetryDueTime(RetryStepDelays delays) {
        this.delays = delays;
        this.longestStep = Collections.max(delays.delays());
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
        Instant scheduled = failedAt.plus(delays.delay(step));
        Instant notBefore = epochMillis(headers, PendingDelivery.NOT_BEFORE);
        if (notBefore == null || !notBefore.isAfter(scheduled)) {
            return scheduled;
        }
        Instant cap = failedAt.plus(longestStep);
        return notBefore.isAfter(cap) ? cap : notBefore;
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
