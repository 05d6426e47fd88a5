package com.monitorflow.webhooks.model;

import java.time.Instant;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body POSTed to a webhook, exactly the structure of the public documentation. Its component
 * order is the order of the fields in the serialized JSON.
 *
 * <p>The body is written with every non-ASCII character escaped ({@code \u2014}) whenever that
 * form fits in {@link Limits#MAX_PAYLOAD_BYTES}. Both forms are the same JSON, but the escaped one
 * survives receivers that decode the body chunk by chunk, as the documented Next.js receiver
 * does: a multi-byte character split across two network reads would otherwise no longer match
 * its signature. A body that fits only in plain UTF-8 is sent in plain UTF-8, so the size limit is
 * always counted on the plain UTF-8 bytes.
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

    /**
     * The bytes that are sent and signed: ASCII-only JSON when it fits in the size limit, plain
     * UTF-8 JSON otherwise. The result is longer than {@link Limits#MAX_PAYLOAD_BYTES} exactly when
     * the plain UTF-8 form is.
     */
    public byte[] toBytes() {
        byte[] ascii = ASCII_WRITER.writeValueAsBytes(this);
        return ascii.length <= Limits.MAX_PAYLOAD_BYTES ? ascii : toPlainBytes();
    }

    /** The plain UTF-8 JSON bytes, non-ASCII characters unescaped. */
    public byte[] toPlainBytes() {
        return Json.mapper().writeValueAsBytes(this);
    }
}
