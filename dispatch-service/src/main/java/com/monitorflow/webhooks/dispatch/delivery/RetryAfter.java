package com.monitorflow.webhooks.dispatch.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/** Reads a {@code Retry-After} answer (delay in seconds or an HTTP date) of a 429 or 503 response. */
final class RetryAfter {

    /** Longer requests are capped; the retry service caps them again at its longest step. */
    private static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** The time before which the endpoint asked not to be called, or null when it did not ask. */
    static @Nullable Instant notBefore(@Nullable Integer status, @Nullable String header, Instant now) {
        if (header == null || status == null || (status != 429 && status != 503)) {
            return null;
        }
        Instant asked = parse(header.strip(), now);
        if (asked == null || !asked.isAfter(now)) {
            return null;
        }
        Instant cap = now.plus(LONGEST);
        return asked.isAfter(cap) ? cap : asked;
    }

    private static @Nullable Instant parse(String value, Instant now) {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            try {
                return now.plusSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return now.plus(LONGEST);
            }
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
