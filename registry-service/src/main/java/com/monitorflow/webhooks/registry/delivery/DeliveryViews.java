package com.monitorflow.webhooks.registry.delivery;

import java.time.Instant;
import java.util.List;

import com.monitorflow.webhooks.model.DeliveryState;

import org.jspecify.annotations.Nullable;

/** What the delivery endpoints answer. */
final class DeliveryViews {

    private DeliveryViews() {
    }

    /**
     * One HTTP attempt of a delivery.
     *
     * @param deliveryId the delivery, the same for all its attempts ({@code X-MonitorFlow-Delivery})
     * @param eventId the event delivered
     * @param event the event name, such as {@code sale.created}
     * @param attempt 1 for the first attempt
     * @param attemptedAt when the request started
     * @param durationMillis how long it took
     * @param statusCode the HTTP status the endpoint answered, or null when it did not answer
     * @param error why the attempt failed without an answer, or null
     * @param responseExcerpt the first kilobyte of the answer's body, or null
     * @param state the delivery's state after this attempt
     */
    record Attempt(
            String deliveryId,
            String eventId,
            String event,
            int attempt,
            Instant attemptedAt,
            long durationMillis,
            @Nullable Integer statusCode,
            @Nullable String error,
            @Nullable String responseExcerpt,
            DeliveryState state) {
    }

    /**
     * The deliveries a resend or re-drive queued.
     *
     * @param count how many were queued
     * @param deliveryIds their ids
     */
    record Queued(int count, List<String> deliveryIds) {
    }
}
