package com.monitorflow.webhooks.ingest.routing;

import static com.monitorflow.webhooks.ingest.IngestTestKafka.header;
import static com.monitorflow.webhooks.ingest.IngestTestKafka.text;
import static com.monitorflow.webhooks.ingest.IngestTestKafka.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.monitorflow.webhooks.ingest.IngestTestKafka;
import com.monitorflow.webhooks.ingest.metrics.IngestMetrics;
import com.monitorflow.webhooks.ingest.validation.EventSizes;
import com.monitorflow.webhooks.ingest.validation.RejectionCode;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.NormalizedEvent;
import com.monitorflow.webhooks.model.RejectionHeaders;
import com.monitorflow.webhooks.model.TopicNames;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest on a real broker: routing, normalization and every kind of rejection on the Kafka path,
 * then {@code POST /v1/events}, metrics and the actuator endpoints against the same service.
 */
class IngestPipelineIT {

    private static final TopicNames TOPICS = TopicNames.defaults();
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static final String INGEST_KEY = "test-ingest-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static IngestTestKafka kafka;
    private static ConfigurableApplicationContext ingest;

    @BeforeAll
    static void start() {
        kafka = new IngestTestKafka();
        ingest = kafka.startIngest("monitorflow.ingest.http.api-key=" + INGEST_KEY);
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void routesEachCategoryToItsTopicKeyedByAccount() {
        String account = "acc_route_" + KEYS.incrementAndGet();

        kafka.send(TOPICS.inbound(), "ignored", event(account, "sqs.message_received", "evt_route_sqs"));
        kafka.send(TOPICS.inbound(), "ignored", event(account, "sale.created", "evt_route_sale"));
        kafka.send(TOPICS.inbound(), "ignored", event(account, "question.asked", "evt_route_question"));

        assertThat(idsOn(TOPICS.sqs(), account, 1)).containsExactly("evt_route_sqs");
        assertThat(idsOn(TOPICS.sale(), account, 1)).containsExactly("evt_route_sale");
        assertThat(idsOn(TOPICS.question(), account, 1)).containsExactly("evt_route_question");
    }

    @Test
    void keepsValidIdAndConvertsCreatedAtToUtc() {
        String account = "acc_keep_" + KEYS.incrementAndGet();
        String value = "{\"accountId\":\"" + account + "\",\"event\":\"sale.refunded\",\"id\":\"evt_keep-1\","
                + "\"createdAt\":\"2025-03-06T01:11:45.987654321-05:00\",\"data\":{\"amount\":12}}";

        kafka.send(TOPICS.inbound(), null, value);

        NormalizedEvent event = normalized(kafka.awaitRecordsWithKey(TOPICS.sale(), account, 1).getFirst());
        assertThat(event.id()).isEqualTo("evt_keep-1");
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2025-03-06T06:11:45.987654321Z"));
        assertThat(event.accountId()).isEqualTo(account);
    }

    @Test
    void generatesIdAndCreatedAtWhenMissingOrNull() {
        String account = "acc_gen_" + KEYS.incrementAndGet();
        Instant before = Instant.now();

        kafka.send(TOPICS.inbound(), account, "{\"accountId\":\"" + account + "\",\"event\":\"sale.created\","
                + "\"id\":null,\"createdAt\":null,\"data\":{}}");
        kafka.send(TOPICS.inbound(), account, "{\"accountId\":\"" + account + "\",\"event\":\"sale.created\","
                + "\"data\":{}}");

        List<ConsumerRecord<byte[], byte[]>> records = kafka.awaitRecordsWithKey(TOPICS.sale(), account, 2);
        assertThat(records).hasSize(2).allSatisfy(record -> {
            NormalizedEvent event = normalized(record);
            assertThat(Ids.isSortableId(Ids.EVENT_PREFIX, event.id())).isTrue();
            assertThat(event.createdAt()).isBetween(before, Instant.now());
        });
    }

    @Test
    void routesRecordWithNullKeyByAccountIdInTheBody() {
        String account = "acc_nullkey_" + KEYS.incrementAndGet();

        kafka.send(TOPICS.inbound(), null, utf8(event(account, "question.answered", "evt_nullkey")), new RecordHeaders());

        assertThat(idsOn(TOPICS.question(), account, 1)).containsExactly("evt_nullkey");
    }

    @Test
    void keepsBigIntegersKeyOrderAndNonAsciiTextInData() {
        String account = "acc_exact_" + KEYS.incrementAndGet();
        String data = "{\"zeta\":1,\"alpha\":{\"b\":2,\"a\":1},\"huge\":123456789012345678901234567890,"
                + "\"over53\":9007199254740993,\"negative\":-9223372036854775809,\"price\":19.990,"
                + "\"tiny\":1.0E-400,\"text\":\"Gr\u00fc\u00dfe \u65e5\u672c \uD83D\uDE80\",\"list\":[3,1,2]}";

        kafka.send(TOPICS.inbound(), account, "{\"accountId\":\"" + account + "\",\"event\":\"sale.created\","
                + "\"id\":\"evt_exact\",\"data\":" + data + "}");

        String json = text(kafka.awaitRecordsWithKey(TOPICS.sale(), account, 1).getFirst().value());
        assertThat(json).endsWith("\"data\":" + data + "}");
    }

    @Test
    void rejectsBytesThatAreNotJson() {
        assertRejected(utf8("this is not json"), RejectionCode.NOT_JSON, "not a single JSON document");
    }

    @Test
    void rejectsTruncatedJson() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"a\":"),
                RejectionCode.TRUNCATED_JSON, "ends before it is complete");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertRejected(utf8("[{\"accountId\":\"acc_1\"}]"), RejectionCode.NOT_AN_OBJECT, "not an object");
    }

    @Test
    void rejectsMissingAccountId() {
        assertRejected(utf8("{\"event\":\"sale.created\",\"data\":{}}"), RejectionCode.MISSING_ACCOUNT_ID,
                "accountId is missing");
    }

    @Test
    void rejectsBlankAccountId() {
        assertRejected(utf8("{\"accountId\":\" \",\"event\":\"sale.created\",\"data\":{}}"),
                RejectionCode.INVALID_ACCOUNT_ID, "accountId must be a string of 1 to 64 characters");
    }

    @Test
    void rejectsEventNameThatIsNotCategoryDotEventName() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"SaleCreated\",\"data\":{}}"),
                RejectionCode.MALFORMED_EVENT_NAME, "'SaleCreated' is not category.event_name");
    }

    @Test
    void rejectsEventNameOfAnotherCategory() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"invoice.paid\",\"data\":{}}"),
                RejectionCode.UNKNOWN_CATEGORY, "'invoice.paid' names a category other than sqs, sale or question");
    }

    @Test
    void rejectsMissingData() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"sale.created\"}"), RejectionCode.MISSING_DATA,
                "data is missing");
    }

    @Test
    void rejectsDataThatIsNotAnObject() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":[1,2]}"),
                RejectionCode.DATA_NOT_OBJECT, "data must be a JSON object");
    }

    @Test
    void rejectsLoneSurrogateEscape() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"t\":\"a\\ud800b\"}}"),
                RejectionCode.LONE_SURROGATE, "lone UTF-16 surrogate");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] value = utf8("{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"t\":\"..\"}}");
        value[value.length - 5] = (byte) 0xFF;

        assertRejected(value, RejectionCode.INVALID_UTF8, "not valid UTF-8");
    }

    @Test
    void rejectsMalformedId() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"id\":\"not-an-evt\","
                + "\"data\":{}}"), RejectionCode.INVALID_ID, "id 'not-an-evt' must be evt_ followed by 1 to 64");
    }

    @Test
    void rejectsCreatedAtWithoutZone() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"sale.created\","
                + "\"createdAt\":\"2025-03-06 06:11:45\",\"data\":{}}"),
                RejectionCode.INVALID_CREATED_AT, "createdAt '2025-03-06 06:11:45' must be an ISO-8601 date-time");
    }

    @Test
    void rejectsUnknownTopLevelField() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{},\"created\":1}"),
                RejectionCode.UNKNOWN_FIELD, "'created' is not part of an event");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertRejected(utf8("{\"accountId\":\"acc_1\",\"accountId\":\"acc_2\",\"event\":\"sale.created\",\"data\":{}}"),
                RejectionCode.DUPLICATE_KEY, "repeats a key");
    }

    @Test
    void rejectsRecordWithoutValue() {
        assertRejected(null, RejectionCode.EMPTY_VALUE, "has no value");
    }

    @Test
    void acceptsDeliveryBodyOfExactly262144BytesAndRejects262145() {
        String account = "acc_limit_" + KEYS.incrementAndGet();

        kafka.send(TOPICS.inbound(), utf8(account), EventSizes.eventWithDeliveryBodyOf(262_144, account),
                new RecordHeaders());
        assertRejected(EventSizes.eventWithDeliveryBodyOf(262_145, account), RejectionCode.PAYLOAD_TOO_LARGE,
                "would be 262145 UTF-8 bytes, more than the limit of 262144");

        assertThat(idsOn(TOPICS.sale(), account, 1)).containsExactly("evt_size_check");
    }

    @Test
    void rejectsInboundRecordOfAbout300Kilobytes() {
        byte[] value = EventSizes.eventWithDeliveryBodyOf(300_000, "acc_big");

        assertRejected(value, RejectionCode.PAYLOAD_TOO_LARGE, "would be 300000 UTF-8 bytes");
    }

    @Test
    void rejectedRecordDoesNotBlockTheRecordsBehindIt() {
        String account = "acc_order_" + KEYS.incrementAndGet();

        kafka.send(TOPICS.inbound(), account, "{broken");
        kafka.send(TOPICS.inbound(), account, event(account, "sqs.queue_created", "evt_behind_1"));
        kafka.send(TOPICS.inbound(), account, "[]");
        kafka.send(TOPICS.inbound(), account, event(account, "sqs.queue_created", "evt_behind_2"));

        assertThat(idsOn(TOPICS.sqs(), account, 2)).containsExactly("evt_behind_1", "evt_behind_2");
        assertThat(kafka.awaitRecordsWithKey(TOPICS.rejected(), account, 2))
                .extracting(record -> header(record, RejectionHeaders.CODE))
                .containsExactly("NOT_JSON", "NOT_AN_OBJECT");
    }

    @Test
    void countsAcceptedByCategoryAndRejectedByCode() {
        IngestMetrics metrics = ingest.getBean(IngestMetrics.class);
        double questionsBefore = metrics.acceptedCount(EventCategory.QUESTION);
        double missingDataBefore = metrics.rejectedCount(RejectionCode.MISSING_DATA);
        String account = "acc_metrics_" + KEYS.incrementAndGet();

        kafka.send(TOPICS.inbound(), account, event(account, "question.asked", "evt_metrics"));
        kafka.send(TOPICS.inbound(), account, "{\"accountId\":\"" + account + "\",\"event\":\"sale.created\"}");
        kafka.awaitRecordsWithKey(TOPICS.rejected(), account, 1);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(metrics.acceptedCount(EventCategory.QUESTION)).isGreaterThanOrEqualTo(questionsBefore + 1);
            assertThat(metrics.rejectedCount(RejectionCode.MISSING_DATA)).isGreaterThanOrEqualTo(missingDataBefore + 1);
        });
    }

    @Test
    void acceptsEventOverHttpAndWritesItToItsCategoryTopic() throws Exception {
        String account = "acc_http_" + KEYS.incrementAndGet();

        HttpResponse<String> response = post(event(account, "question.asked", "evt_http_1"), "Bearer " + INGEST_KEY);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Json.mapper().readTree(response.body()).get("id").stringValue()).isEqualTo("evt_http_1");
        assertThat(idsOn(TOPICS.question(), account, 1)).containsExactly("evt_http_1");
    }

    @Test
    void answersInvalidEventOverHttpWithProblemNamingTheRule() throws Exception {
        HttpResponse<String> response = post("{\"accountId\":\"acc_1\",\"event\":\"order.created\",\"data\":{}}",
                "Bearer " + INGEST_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = Json.mapper().readTree(response.body());
        assertThat(problem.get("code").stringValue()).isEqualTo("UNKNOWN_CATEGORY");
        assertThat(problem.get("status").intValue()).isEqualTo(400);
        assertThat(problem.get("detail").stringValue()).contains("category other than sqs, sale or question");
    }

    @Test
    void answersMalformedCreatedAtOverHttpWithProblem() throws Exception {
        HttpResponse<String> response = post("{\"accountId\":\"acc_1\",\"event\":\"sale.created\","
                + "\"createdAt\":\"yesterday\",\"data\":{}}", "Bearer " + INGEST_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        var problem = Json.mapper().readTree(response.body());
        assertThat(problem.get("type").stringValue()).isEqualTo("urn:monitorflow:problem:event-rejected");
        assertThat(problem.get("code").stringValue()).isEqualTo("INVALID_CREATED_AT");
    }

    @Test
    void answersOversizedEventOverHttpWith413() throws Exception {
        String body = new String(EventSizes.eventWithDeliveryBodyOf(262_145, "acc_http_big"),
                java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> response = post(body, "Bearer " + INGEST_KEY);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Json.mapper().readTree(response.body()).get("code").stringValue()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void refusesHttpSubmissionWithoutTheIngestKey() throws Exception {
        HttpResponse<String> missing = post(event("acc_1", "sale.created", "evt_nokey"), null);
        HttpResponse<String> wrong = post(event("acc_1", "sale.created", "evt_nokey"), "Bearer nope");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void answersUnknownPathWithNotFoundProblem() throws Exception {
        HttpResponse<String> response = get("/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = Json.mapper().readTree(response.body());
        assertThat(problem.get("type").stringValue()).isEqualTo("urn:monitorflow:problem:not-found");
        assertThat(problem.get("status").intValue()).isEqualTo(404);
        assertThat(problem.get("detail").stringValue()).contains("POST /v1/events");
    }

    @Test
    void answersWrongMethodWithMethodNotAllowedProblemNamingTheAllowedOne() throws Exception {
        HttpResponse<String> response = get("/v1/events");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = Json.mapper().readTree(response.body());
        assertThat(problem.get("type").stringValue()).isEqualTo("urn:monitorflow:problem:method-not-allowed");
        assertThat(problem.get("status").intValue()).isEqualTo(405);
    }

    @Test
    void exposesHealthAndPrometheusMetrics() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        HttpResponse<String> prometheus = get("/actuator/prometheus");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(prometheus.body())
                .contains("monitorflow_ingest_events_accepted_total{category=\"sale\"")
                .contains("monitorflow_ingest_events_rejected_total{code=\"PAYLOAD_TOO_LARGE\"");
    }

    private static HttpResponse<String> post(String body, @Nullable String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + ingest.getEnvironment().getProperty("local.server.port");
    }

    /**
     * Sends {@code value} with a unique key and two producer headers, then checks its copy on the
     * rejected topic: same key, same bytes, the producer's headers, and the rejection headers.
     */
    private static void assertRejected(byte @Nullable [] value, RejectionCode code, String reasonPart) {
        String key = "rejected-" + KEYS.incrementAndGet();
        var headers = new RecordHeaders();
        headers.add("trace-id", utf8("trace-" + key));
        headers.add("producer", utf8("test"));

        RecordMetadata sent = kafka.send(TOPICS.inbound(), utf8(key), value, headers);

        ConsumerRecord<byte[], byte[]> rejected = kafka.awaitRecordsWithKey(TOPICS.rejected(), key, 1).getFirst();
        assertThat(rejected.value()).isEqualTo(value);
        assertThat(header(rejected, RejectionHeaders.CODE)).isEqualTo(code.name());
        assertThat(header(rejected, RejectionHeaders.REASON)).contains(reasonPart);
        assertThat(header(rejected, RejectionHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.inbound());
        assertThat(header(rejected, RejectionHeaders.SOURCE_PARTITION)).isEqualTo(Integer.toString(sent.partition()));
        assertThat(header(rejected, RejectionHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(sent.offset()));
        assertThat(header(rejected, "trace-id")).isEqualTo("trace-" + key);
        assertThat(header(rejected, "producer")).isEqualTo("test");
    }

    private static List<String> idsOn(String topic, String account, int count) {
        return kafka.awaitRecordsWithKey(topic, account, count).stream()
                .map(record -> normalized(record).id())
                .toList();
    }

    private static NormalizedEvent normalized(ConsumerRecord<byte[], byte[]> record) {
        return Json.mapper().readValue(record.value(), NormalizedEvent.class);
    }

    static String event(String account, String name, String id) {
        return "{\"accountId\":\"" + account + "\",\"event\":\"" + name + "\",\"id\":\"" + id
                + "\",\"createdAt\":\"2025-03-06T06:11:45Z\",\"data\":{\"n\":1}}";
    }
}
