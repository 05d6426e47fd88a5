package com.monitorflow.webhooks.model;

import java.time.Instant;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body POSTed to a webhook, exactly the structure of the public documentation. Its component
 * order is the order of the fields in the serialized JSON.
 *
 * <p>The body is written with every non-ASCII character escaped ({@code \u2014}). That is the same
 * JSON as the plain UTF-8 form, but it survives receivers that decode the body chunk by chunk, as
 * the documented Next.js receiver does: a multi-byte character split across two network reads
 * would otherwise no longer match its signature. The size limit is counted on the plain UTF-8 form
 * ({@link #toPlainBytes}), the size of what the producer sent; the escaped form of text outside
 * ASCII is two to three times longer.
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

    static final ObjectWriter ASCII_WRITER = Json.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    /** The bytes that are sent and signed: ASCII-only JSON, every non-ASCII character escaped. */
    public byte[] toBytes() {
        return ASCII_WRITER.writeValueAsBytes(this);
    }

    /**
     * The plain UTF-8 JSON bytes, non-ASCII characters unescaped: what the size limit
     * ({@link Limits#MAX_PAYLOAD_BYTES}) is counted on.
     */
    public byte[] toPlainBytes() {
        return Json.mapper().writeValueAsBytes(this);
    }
}
