package com.monitorflow.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class DeliveryBodiesTest {

    private static final Instant CREATED = Instant.parse("2025-03-06T06:11:45.120Z");
    private static final List<String> WEBHOOK_IDS = List.of("whk_01JNRX5Q3T8Y6C2B9M4K7D0F1A", "whk_1", "",
            "wh\"k\\1", "whk_\u00e9", "whk_\n");
    private static final String TRICKY = "{\"t\":\"caf\u00e9 \u2014 \ud83d\ude80 \\\" \\n \\u0001 \u2028 \u007f /\","
            + "\"n\":2629.950,\"big\":123456789012345678901234567890,\"e\":1.5E+300,\"neg\":-0.0,"
            + "\"list\":[1,{\"webhookId\":\"x\"},[],{}],\"\u00fcml\u00e4ut\":null,\"ok\":false}";

    @Test
    void bodiesOfAnEventAreExactlyEachWebhooksOwnPayload() {
        NormalizedEvent event = event(TRICKY);

        DeliveryBodies bodies = DeliveryBodies.of(event);

        for (String webhookId : WEBHOOK_IDS) {
            assertThat(bodies.bodyFor(webhookId)).as(webhookId)
                    .isEqualTo(DeliveryPayload.of(event, webhookId).toBytes());
        }
    }

    @Test
    void bodiesReadFromARecordAreTheBytesTheMapperWouldWrite() {
        NormalizedEvent event = event(TRICKY);
        byte[] record = Json.mapper().writeValueAsBytes(event);

        DeliveryBodies bodies = DeliveryBodies.read(record);

        assertThat(bodies.eventId()).isEqualTo("evt_1");
        assertThat(bodies.accountId()).isEqualTo("acc_1");
        assertThat(bodies.event()).isEqualTo("sale.created");
        assertThat(bodies.createdAt()).isEqualTo(CREATED);
        for (String webhookId : WEBHOOK_IDS) {
            assertThat(bodies.bodyFor(webhookId)).as(webhookId)
                    .isEqualTo(DeliveryPayload.of(event, webhookId).toBytes());
        }
    }

    @Test
    void randomEventsReadFromRecordsMatchTheMapperByteForByte() {
        var random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode data = randomObject(random, 0);
            var event = new NormalizedEvent("evt_" + i, "acc_" + i, "question.answer_posted",
                    Instant.ofEpochSecond(1_700_000_000L + i, random.nextInt(3) * 1_000_000L * random.nextInt(1000)),
                    data);

            byte[] body = DeliveryBodies.read(Json.mapper().writeValueAsBytes(event)).bodyFor("whk_" + i);

            assertThat(body).as(data.toString()).isEqualTo(DeliveryPayload.of(event, "whk_" + i).toBytes());
        }
    }

    @Test
    void randomPrettyPrintedRecordsKeepTheirDataAsWrittenAndMeanTheSame() {
        var random = new Random(12);
        for (int i = 0; i < 500; i++) {
            var event = new NormalizedEvent("evt_" + i, "acc_1", "sale.created", CREATED, randomObject(random, 0));
            byte[] record = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(event);
            String prettyData = Json.mapper().writerWithDefaultPrettyPrinter()
                    .with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(event.data());

            byte[] body = DeliveryBodies.read(record).bodyFor("whk_1");

            assertThat(allAscii(body)).isTrue();
            assertThat(new String(body, StandardCharsets.US_ASCII)).contains(prettyData.replace("\n", "\n  "));
            assertThat(Json.mapper().readTree(body))
                    .isEqualTo(Json.mapper().readTree(DeliveryPayload.of(event, "whk_1").toBytes()));
        }
    }

    @Test
    void aRecordWrittenAnotherWayGivesTheSameJson() {
        String record = "{ \"data\" : {\"b\" : [1, 2],\n \"a\":\"\u00e9\"} , \"createdAt\":\"2025-03-06T06:11:45.120Z\","
                + "\"event\":\"sale.created\",\"accountId\":\"acc_1\",\"id\":\"evt_1\"}";

        byte[] body = DeliveryBodies.read(record.getBytes(StandardCharsets.UTF_8)).bodyFor("whk_1");

        assertThat(new String(body, StandardCharsets.US_ASCII))
                .contains("\"data\":{\"b\" : [1, 2],\n \"a\":\"\\u00E9\"},\"webhookId\":\"whk_1\"}");
        JsonNode expected = Json.mapper().readTree(DeliveryPayload.of(event("{\"b\":[1,2],\"a\":\"\u00e9\"}"), "whk_1")
                .toBytes());
        assertThat(Json.mapper().readTree(body)).isEqualTo(expected);
        assertThat(Json.mapper().readTree(body).propertyNames())
                .containsExactly("id", "event", "createdAt", "data", "webhookId");
    }

    @Test
    void bodiesAtTheLimitAreThePayloadBytes() {
        String webhookId = "whk_01JNRX5Q3T8Y6C2B9M4K7D0F1A";
        int envelope = DeliveryPayload.of(event("{\"t\":\"\"}"), webhookId).toPlainBytes().length;
        int room = Limits.MAX_PAYLOAD_BYTES - envelope;

        for (String text : List.of("x".repeat(room), "x".repeat(room + 1), "\u00e9".repeat(room / 2),
                "\u00e9".repeat(room / 6) + "x".repeat(room - room / 6 * 6 + 1), "\ud83d\ude80".repeat(room / 4))) {
            NormalizedEvent event = event("{\"t\":\"" + text + "\"}");
            byte[] expected = DeliveryPayload.of(event, webhookId).toBytes();

            assertThat(DeliveryBodies.of(event).bodyFor(webhookId)).isEqualTo(expected);
            assertThat(DeliveryBodies.read(Json.mapper().writeValueAsBytes(event)).bodyFor(webhookId))
                    .isEqualTo(expected);
        }
    }

    @Test
    void recordsThatAreNotEventsAreRefused() {
        for (String record : List.of("", "[]", "{\"id\":\"evt_1\"", "not json",
                "{\"id\":\"evt_1\",\"accountId\":\"acc_1\",\"event\":\"sale.created\","
                        + "\"createdAt\":\"2025-03-06T06:11:45Z\",\"data\":[1]}")) {
            assertThatThrownBy(() -> DeliveryBodies.read(record.getBytes(StandardCharsets.UTF_8)))
                    .as(record).isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void recordsLackingAFieldAreRefused() {
        String full = "{\"id\":\"evt_1\",\"accountId\":\"acc_1\",\"event\":\"sale.created\","
                + "\"createdAt\":\"2025-03-06T06:11:45Z\",\"data\":{}}";
        for (String record : List.of("{}", full.replace("\"accountId\":\"acc_1\",", ""),
                full.replace("\"evt_1\"", "null"), full.replace("{}}", "null}"))) {
            assertThatThrownBy(() -> DeliveryBodies.read(record.getBytes(StandardCharsets.UTF_8)))
                    .as(record).isInstanceOfAny(IllegalArgumentException.class, JacksonException.class);
        }
    }

    @Test
    void invalidUtf8InTheDataIsNeverPassedOn() {
        List<byte[]> invalid = List.of(new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xf5, 0x41},
                new byte[] {(byte) 0xe2, (byte) 0x82});
        for (byte[] bytes : invalid) {
            byte[] record = ("{\"id\":\"evt_1\",\"accountId\":\"acc_1\",\"event\":\"sale.created\","
                    + "\"createdAt\":\"2025-03-06T06:11:45Z\",\"data\":{\"t\":\"ab" + "_".repeat(bytes.length - 2)
                    + "\"}}").getBytes(StandardCharsets.UTF_8);
            int at = new String(record, StandardCharsets.UTF_8).indexOf("ab");
            System.arraycopy(bytes, 0, record, at, bytes.length);

            assertThatThrownBy(() -> DeliveryBodies.read(record)).as(Arrays.toString(bytes))
                    .isInstanceOfAny(IllegalArgumentException.class, JacksonException.class);
        }
    }

    @Test
    void aRecordWithWideSpacingNearTheLimitStillGetsTheEscapedCompactBody() {
        String webhookId = "whk_01JNRX5Q3T8Y6C2B9M4K7D0F1A";
        int envelope = DeliveryPayload.of(event("{\"t\":[]}"), webhookId).toBytes().length;
        int items = (Limits.MAX_PAYLOAD_BYTES - envelope - 100) / 2;
        NormalizedEvent event = event("{\"t\":[" + "1,".repeat(items) + "1]}");
        byte[] compact = DeliveryPayload.of(event, webhookId).toBytes();
        String spaced = new String(Json.mapper().writeValueAsBytes(event), StandardCharsets.UTF_8).replace(",", " , ");

        byte[] body = DeliveryBodies.read(spaced.getBytes(StandardCharsets.UTF_8)).bodyFor(webhookId);

        assertThat(compact.length).isLessThanOrEqualTo(Limits.MAX_PAYLOAD_BYTES);
        assertThat(spaced.length()).isGreaterThan(Limits.MAX_PAYLOAD_BYTES);
        assertThat(body).isEqualTo(compact);
    }

    private static boolean allAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode node = Json.mapper().createObjectNode();
        int fields = random.nextInt(depth == 0 ? 6 : 4);
        for (int f = 0; f < fields; f++) {
            String name = randomText(random) + f;
            switch (random.nextInt(depth < 3 ? 7 : 5)) {
                case 0 -> node.put(name, randomText(random));
                case 1 -> node.put(name, random.nextLong());
                case 2 -> node.put(name, new BigDecimal(random.nextInt() + "." + random.nextInt(1000)));
                case 3 -> node.put(name, random.nextBoolean());
                case 4 -> node.putNull(name);
                case 5 -> node.set(name, randomObject(random, depth + 1));
                default -> {
                    ArrayNode array = node.putArray(name);
                    for (int k = random.nextInt(4); k > 0; k--) {
                        if (random.nextBoolean()) {
                            array.add(randomText(random));
                        } else {
                            array.add(randomObject(random, depth + 1));
                        }
                    }
                }
            }
        }
        return node;
    }

    private static String randomText(Random random) {
        String[] pieces = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "\u00e9", "\u00ff",
            "\u0100", "\u07ff", "\u0800", "\u2028", "\uffff", "\ud83d\ude80", "\ud800\udc00", "\udbff\udfff", "\u4e2d"};
        var text = new StringBuilder();
        for (int k = random.nextInt(8); k > 0; k--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static NormalizedEvent event(String data) {
        return new NormalizedEvent("evt_1", "acc_1", "sale.created", CREATED, (ObjectNode) Json.mapper().readTree(data));
    }
}
