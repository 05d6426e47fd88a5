package com.monitorflow.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

class DeliveryPayloadTest {

    private static final Instant CREATED = Instant.parse("2025-03-06T06:11:45Z");

    @Test
    void bodyHasTheDocumentedFieldsInOrderAndKeepsNumbersExact() {
        String data = "{\"z\":1,\"a\":12345678901234567890123,\"price\":2629.950,\"ok\":true,\"none\":null}";

        String body = new String(payload(data).toBytes(), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"id\":\"evt_1\",\"event\":\"sale.created\",\"createdAt\":\"2025-03-06T06:11:45Z\","
                + "\"data\":" + data + ",\"webhookId\":\"whk_1\"}");
    }

    @Test
    void nonAsciiTextIsSentEscapedSoThatChunkedReceiversStillMatchTheSignature() {
        String data = "{\"t\":\"caf\u00e9 \u2014 \ud83d\ude80\"}";

        byte[] body = payload(data).toBytes();

        assertThat(new String(body, StandardCharsets.US_ASCII))
                .contains("\"t\":\"caf\\u00E9 \\u2014 \\uD83D\\uDE80\"");
        assertThat(Json.mapper().readTree(body).get("data").get("t").asString()).isEqualTo("caf\u00e9 \u2014 \ud83d\ude80");
    }

    @Test
    void aBodyAtTheLimitInPlainUtf8IsStillSentEscaped() {
        String envelope = new String(payload("{\"t\":\"\"}").toPlainBytes(), StandardCharsets.UTF_8);
        int room = Limits.MAX_PAYLOAD_BYTES - envelope.getBytes(StandardCharsets.UTF_8).length;
        String text = "\u00e9".repeat(room / 2) + "x".repeat(room % 2);
        DeliveryPayload payload = payload("{\"t\":\"" + text + "\"}");

        byte[] body = payload.toBytes();

        assertThat(payload.toPlainBytes()).hasSize(Limits.MAX_PAYLOAD_BYTES);
        assertThat(body).hasSize(Limits.MAX_PAYLOAD_BYTES + room / 2 * 4);
        assertThat(new String(body, StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII)).isEqualTo(body);
        assertThat(Json.mapper().readTree(body).get("data").get("t").asString()).isEqualTo(text);
    }

    private static DeliveryPayload payload(String data) {
        ObjectNode node = (ObjectNode) Json.mapper().readTree(data);
        return DeliveryPayload.of(new NormalizedEvent("evt_1", "acc_1", "sale.created", CREATED, node), "whk_1");
    }
}
