package com.monitorflow.webhooks.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

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

    private static final ObjectWriter ASCII_WRITER = Json.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

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

    /**
     * The bodies of {@code event} for any number of webhooks, serialized once: since the webhook id
     * is the last field, every body is the same prefix followed by its own id.
     */
    public static Template template(NormalizedEvent event) {
        return new Template(event);
    }

    /**
     * One event serialized once; {@link #bodyFor} gives, for each webhook, exactly the bytes of
     * {@code DeliveryPayload.of(event, webhookId).toBytes()}. Safe for use by several threads.
     */
    public static final class Template {

        /** Stands in for the webhook id; only its position at the very end of the body is used. */
        private static final String PLACEHOLDER = "whk_";
        private static final byte[] END = {'"', '}'};

        private final NormalizedEvent event;
        private final byte[] prefix;

        private Template(NormalizedEvent event) {
            this.event = event;
            byte[] body = ASCII_WRITER.writeValueAsBytes(of(event, PLACEHOLDER));
            String tail = "\"" + PLACEHOLDER + "\"}";
            if (!new String(body, body.length - tail.length(), tail.length(), StandardCharsets.US_ASCII).equals(tail)) {
                throw new IllegalStateException("The webhook id is expected to be the last field of the body");
            }
            this.prefix = Arrays.copyOf(body, body.length - PLACEHOLDER.length() - END.length);
        }

        /** The exact bytes sent to {@code webhookId}. */
        public byte[] bodyFor(String webhookId) {
            int length = prefix.length + webhookId.length() + END.length;
            if (length > Limits.MAX_PAYLOAD_BYTES || !isPlainAscii(webhookId)) {
                return of(event, webhookId).toBytes();
            }
            byte[] body = Arrays.copyOf(prefix, length);
            byte[] id = webhookId.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(id, 0, body, prefix.length, id.length);
            System.arraycopy(END, 0, body, prefix.length + id.length, END.length);
            return body;
        }

        /** Whether {@code text} is written into JSON as is: printable ASCII without quote or backslash. */
        private static boolean isPlainAscii(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }
    }
}
