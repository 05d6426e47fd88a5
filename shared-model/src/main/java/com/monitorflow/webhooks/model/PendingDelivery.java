package com.monitorflow.webhooks.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * A delivery that is not done yet, as the retry topics, {@code deliveries.redeliver} and
 * {@code deliveries.dead} carry it. The record value is the exact body that was signed and sent;
 * everything else lives in headers, so that a restart or a rebalance loses nothing. The secret is
 * never carried: dispatch signs with the webhook's current secret at each attempt.
 *
 * @param deliveryId the delivery, stable across its retries
 * @param accountId the account of the webhook; also the record key
 * @param webhookId the webhook the delivery is for
 * @param eventId the event delivered
 * @param event the event name
 * @param attempts how many attempts have been made so far
 * @param failedAt when the last attempt failed, or null for a delivery no attempt has failed yet
 * @param notBefore the earliest time the endpoint asked to be called again ({@code Retry-After}),
 *     or null
 * @param lastStatus the HTTP status of the last attempt, or null
 * @param lastError why the last attempt failed, or null
 * @param body the exact payload bytes
 */
public record PendingDelivery(
        String deliveryId,
        String accountId,
        String webhookId,
        String eventId,
        String event,
        int attempts,
        @Nullable Instant failedAt,
        @Nullable Instant notBefore,
        @Nullable Integer lastStatus,
        @Nullable String lastError,
        byte[] body) {

    public static final String DELIVERY_ID = "mf-delivery-id";
    public static final String WEBHOOK_ID = "mf-webhook-id";
    public static final String EVENT_ID = "mf-event-id";
    public static final String EVENT = "mf-event";
    public static final String ATTEMPTS = "mf-attempts";
    /** Epoch milliseconds of the last failure. */
    public static final String FAILED_AT = "mf-failed-at";
    /** Epoch milliseconds before which the endpoint asked not to be called. */
    public static final String NOT_BEFORE = "mf-not-before";
    /**
     * Epoch milliseconds from which the record's current step counts, when retry-service moved it
     * there because its endpoint asked for more time than its step; the failure time otherwise.
     */
    public static final String MOVED_AT = "mf-moved-at";
    public static final String LAST_STATUS = "mf-last-status";
    public static final String LAST_ERROR = "mf-last-error";

    /** Writes every field but the body and the account (which is the key) into {@code headers}. */
    public void writeTo(Headers headers) {
        put(headers, DELIVERY_ID, deliveryId);
        put(headers, WEBHOOK_ID, webhookId);
        put(headers, EVENT_ID, eventId);
        put(headers, EVENT, event);
        put(headers, ATTEMPTS, Integer.toString(attempts));
        if (failedAt != null) {
            put(headers, FAILED_AT, Long.toString(failedAt.toEpochMilli()));
        }
        if (notBefore != null) {
            put(headers, NOT_BEFORE, Long.toString(notBefore.toEpochMilli()));
        }
        if (lastStatus != null) {
            put(headers, LAST_STATUS, Integer.toString(lastStatus));
        }
        if (lastError != null) {
            put(headers, LAST_ERROR, lastError);
        }
    }

    /**
     * The pending delivery in a record of key {@code accountId}, headers {@code headers} and value
     * {@code body}.
     *
     * @throws IllegalArgumentException when a required header is missing or malformed
     */
    public static PendingDelivery readFrom(String accountId, Headers headers, byte[] body) {
        return new PendingDelivery(
                required(headers, DELIVERY_ID),
                accountId,
                required(headers, WEBHOOK_ID),
                required(headers, EVENT_ID),
                required(headers, EVENT),
                parseInt(ATTEMPTS, required(headers, ATTEMPTS)),
                instantOrNull(headers, FAILED_AT),
                instantOrNull(headers, NOT_BEFORE),
                intOrNull(headers, LAST_STATUS),
                text(headers, LAST_ERROR),
                body);
    }

    /** The last value of header {@code name} as UTF-8 text, or null when absent. */
    public static @Nullable String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Header " + name + " is missing");
        }
        return value;
    }

    private static @Nullable Instant instantOrNull(Headers headers, String name) {
        String value = text(headers, name);
        return value == null ? null : Instant.ofEpochMilli(parseLong(name, value));
    }

    private static @Nullable Integer intOrNull(Headers headers, String name) {
        String value = text(headers, name);
        return value == null ? null : parseInt(name, value);
    }

    private static int parseInt(String name, String value) {
        return Math.toIntExact(parseLong(name, value));
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Header " + name + " is not a number: " + value, e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingDelivery that
                && attempts == that.attempts
                && deliveryId.equals(that.deliveryId)
                && accountId.equals(that.accountId)
                && webhookId.equals(that.webhookId)
                && eventId.equals(that.eventId)
                && event.equals(that.event)
                && Objects.equals(failedAt, that.failedAt)
                && Objects.equals(notBefore, that.notBefore)
                && Objects.equals(lastStatus, that.lastStatus)
                && Objects.equals(lastError, that.lastError)
                && java.util.Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deliveryId, attempts, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "PendingDelivery[" + deliveryId + ", webhook " + webhookId + ", event " + eventId
                + ", attempts " + attempts + ", " + body.length + " bytes]";
    }
}
