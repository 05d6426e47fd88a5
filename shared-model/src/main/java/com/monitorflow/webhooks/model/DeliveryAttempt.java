package com.monitorflow.webhooks.model;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP attempt of one delivery, as {@code deliveries.attempts} carries it (key: account id).
 * The registry turns these into the delivery log.
 *
 * @param deliveryId the delivery, stable across its retries
 * @param accountId the account of the webhook
 * @param webhookId the webhook the delivery is for
 * @param eventId the event delivered
 * @param event the event name
 * @param attempt which attempt this was, 1 for the first
 * @param attemptedAt when the request started
 * @param durationMillis how long the attempt took, until the response or the failure
 * @param statusCode the HTTP status, or null when no response came
 * @param error why the attempt failed without a usable response, or null
 * @param location the {@code Location} of a redirect answer, or null
 * @param responseExcerpt the first kilobyte of the response body, or null
 * @param state where the delivery stands after this attempt
 * @param payload the exact body sent, carried on the first attempt only (null on later ones)
 */
public record DeliveryAttempt(
        String deliveryId,
        String accountId,
        String webhookId,
        String eventId,
        String event,
        int attempt,
        Instant attemptedAt,
        long durationMillis,
        @Nullable Integer statusCode,
        @Nullable String error,
        @Nullable String location,
        @Nullable String responseExcerpt,
        DeliveryState state,
        @Nullable String payload) {

    /** How many bytes of a response body an attempt keeps. */
    public static final int RESPONSE_EXCERPT_BYTES = 1024;
}
