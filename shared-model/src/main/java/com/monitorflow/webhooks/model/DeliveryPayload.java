package com.monitorflow.webhooks.model;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

/**
 * The body POSTed to a webhook, exactly the structure of the public documentation. Its component
 * order is the order of the fields in the serialized JSON.
 *
 * @param id the event id
 * @param event the event name
 * @param createdAt when the event happened, UTC
 * @param data the event-specific payload
 * @param webhookId the webhook the delivery is for
 */
public record DeliveryPayload(String id, String event, Instant createdAt, ObjectNode data, String webhookId) {

    /** The payload of {@code event} for the webhook {@code webhookId}. */
    public static DeliveryPayload of(NormalizedEvent event, String webhookId) {
        return new DeliveryPayload(event.id(), event.event(), event.createdAt(), event.data(), webhookId);
    }

    /** The UTF-8 JSON bytes that are sent and signed. */
    public byte[] toBytes() {
        return Json.mapper().writeValueAsBytes(this);
    }
}
