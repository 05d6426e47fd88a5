package com.monitorflow.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

class DeliveryPayloadTest {

    @Test
    void bodyHasTheDocumentedFieldsInOrderAndKeepsDataExact() {
        String data = "{\"z\":1,\"a\":12345678901234567890123,\"price\":2629.950,\"t\":\"caf\u00e9 \u2014 \ud83d\ude80\"}";
        ObjectNode node = (ObjectNode) Json.mapper().readTree(data);
        var event = new NormalizedEvent("evt_1", "acc_1", "sale.created", Instant.parse("2025-03-06T06:11:45Z"), node);

        String body = new String(DeliveryPayload.of(event, "whk_1").toBytes(), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"id\":\"evt_1\",\"event\":\"sale.created\",\"createdAt\":\"2025-03-06T06:11:45Z\","
                + "\"data\":" + data + ",\"webhookId\":\"whk_1\"}");
    }
}
