package com.monitorflow.webhooks.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.monitorflow.webhooks.localstack.deploy.ExposedMetrics;
import com.monitorflow.webhooks.localstack.produce.EventSender;
import com.monitorflow.webhooks.localstack.receive.DeliveryReceiver;
import com.monitorflow.webhooks.localstack.receive.ReceivedDelivery;
import com.monitorflow.webhooks.localstack.stack.LocalStack;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.TopicNames;

import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline on a real broker, real PostgreSQL and the four services as processes, the
 * way the README walks a newcomer through it: an admin makes an account and a webhook, a producer
 * writes events of every category to {@code events.inbound}, and a receiver on this machine gets
 * each one signed, including one whose endpoint fails twice and succeeds through the retry path.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemEndToEndIT {

    private static final Path REPOSITORY = TestStack.REPOSITORY;
    private static final Path EXAMPLES = REPOSITORY.resolve("examples/events");
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);

    static LocalStack stack;
    static DeliveryReceiver receiver;
    static RegistryClient registry;
    static String accountId;
    static String apiKey;
    static String webhookId;
    static String secret;
    static final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStack.get();
        registry = new RegistryClient(stack.registryUrl());
        receiver = DeliveryReceiver.start(0, "not-yet-known");
        receiver.answerWith(delivery -> {
            AtomicInteger left = failuresLeft.get(eventOf(delivery));
            return left != null && left.getAndDecrement() > 0 ? 500 : 200;
        });
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void adminCreatesAnAccountAndAWebhookWhoseSecretIsShownOnce() throws IOException {
        JsonNode account = registry.createAccount(stack.adminKey(), "Acme", "PRO");
        accountId = account.get("id").asString();
        apiKey = account.get("apiKey").asString();

        JsonNode webhook = registry.createWebhook(apiKey, "Local receiver", receiver.url("/webhook"),
                List.of("sqs", "sale", "question"));
        webhookId = webhook.get("id").asString();
        secret = webhook.get("secret").asString();
        receiver.useSecret(secret);

        assertThat(webhookId).startsWith("whk_");
        assertThat(secret).isNotBlank();
        JsonNode fetched = registry.call("GET", "/v1/webhooks/" + webhookId, apiKey, null, 200);
        assertThat(fetched.has("secret")).isFalse();
        assertThat(fetched.get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    @Order(2)
    void everyCategoryIsDeliveredSignedWithItsDataUnchanged() throws Exception {
        failuresLeft.put("sale.refunded", new AtomicInteger(2));
        List<Path> files = jsonFiles(EXAMPLES);

        try (var sender = new EventSender(stack.bootstrapServers(), TopicNames.defaults().inbound(), System.out)) {
            assertThat(sender.send(accountId, null, files)).isEqualTo(files.size());
        }

        await().atMost(DELIVERY_WAIT).untilAsserted(() ->
                assertThat(succeededEvents()).containsAll(eventNames(files)));
        for (Path file : files) {
            ReceivedDelivery delivery = succeeded(eventName(file));
            assertSignedAndExact(delivery, file);
        }
    }

    @Test
    @Order(3)
    void aDeliveryThatFailsTwiceSucceedsThroughTheRetryPathWithTheSameBytes() {
        List<ReceivedDelivery> attempts = receiver.received().stream()
                .filter(delivery -> eventOf(delivery).equals("sale.refunded"))
                .toList();

        assertThat(attempts).extracting(ReceivedDelivery::answeredStatus).containsExactly(500, 500, 200);
        assertThat(attempts).extracting(d -> d.header("X-MonitorFlow-Delivery")).containsOnly(
                attempts.get(0).header("X-MonitorFlow-Delivery"));
        assertThat(attempts).extracting(ReceivedDelivery::bodyText).containsOnly(attempts.get(0).bodyText());
        assertThat(attempts).allMatch(ReceivedDelivery::signatureValid);
    }

    @Test
    @Order(4)
    void theDeliveryLogShowsEveryAttempt() {
        String refundDelivery = succeeded("sale.refunded").header("X-MonitorFlow-Delivery");

        await().atMost(DELIVERY_WAIT).untilAsserted(() -> {
            List<JsonNode> attempts = attemptsOf(registry.deliveries(apiKey, webhookId), refundDelivery);
            assertThat(attempts).extracting(a -> a.get("statusCode").asInt()).containsExactlyInAnyOrder(500, 500, 200);
            assertThat(attempts).allSatisfy(a -> {
                assertThat(a.get("eventId").asString()).startsWith("evt_");
                assertThat(a.get("event").asString()).isEqualTo("sale.refunded");
            });
        });
    }

    @Test
    @Order(5)
    void everyServiceShowsItsDeliveryMetricsAfterTheRun() {
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            for (String service : ExposedMetrics.AFTER_A_DELIVERY.keySet()) {
                assertThat(ExposedMetrics.missingFrom(service, stack.serviceUrl(service)))
                        .as("metrics missing from %s", service).isEmpty();
            }
        });
    }

    @Test
    @Order(6)
    void realThirdPartyPayloadsArriveVerifiedAndUnchanged() throws Exception {
        Path samples = REPOSITORY.resolveSibling("shared/samples/raw");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(samples),
                "The public sample payloads are not beside the repository");
        List<Path> files = jsonFiles(samples);
        int before = receiver.received().size();

        try (var sender = new EventSender(stack.bootstrapServers(), TopicNames.defaults().inbound(), System.out)) {
            for (Path file : files) {
                assertThat(sender.send(accountId, SampleEvents.eventFor(file), List.of(file))).isEqualTo(1);
            }
        }

        await().atMost(DELIVERY_WAIT).untilAsserted(() ->
                assertThat(receiver.received().size() - before).isGreaterThanOrEqualTo(files.size()));
        List<ReceivedDelivery> arrived = receiver.received().subList(before, receiver.received().size());
        for (Path file : files) {
            JsonNode expected = Json.mapper().readTree(Files.readString(file));
            assertThat(arrived).as("delivery of %s", file.getFileName())
                    .anySatisfy(delivery -> {
                        assertThat(independentSignature(delivery.body(), secret))
                                .isEqualTo(delivery.header("X-MonitorFlow-Signature"));
                        assertThat(Json.mapper().readTree(delivery.body()).get("data")).isEqualTo(expected);
                    });
        }
    }

    @Test
    @Order(7)
    void theReceiversOfThePublicDocumentationVerifyEveryDelivery() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(DocumentedReceiver.available(),
                "Node.js is not installed");
        int expressPort = freePort();
        int nextPort = freePort();
        JsonNode express = registry.createWebhook(apiKey, "Express receiver",
                "http://127.0.0.1:" + expressPort + "/webhook", List.of("sqs", "sale"));
        JsonNode next = registry.createWebhook(apiKey, "Next.js receiver",
                "http://127.0.0.1:" + nextPort + "/api/webhook", List.of("sqs", "sale", "question"));

        try (var expressReceiver = DocumentedReceiver.start("express-receiver.js", expressPort,
                     express.get("secret").asString());
             var nextReceiver = DocumentedReceiver.start("nextjs-receiver.js", nextPort, next.get("secret").asString());
             var sender = new EventSender(stack.bootstrapServers(), TopicNames.defaults().inbound(), System.out)) {
            awaitBothSubscribed(sender, expressReceiver, nextReceiver);
            int expressBefore = expressReceiver.answers().size();
            int nextBefore = nextReceiver.answers().size();

            List<Path> files = new ArrayList<>(jsonFiles(EXAMPLES));
            Path samples = REPOSITORY.resolveSibling("shared/samples/raw");
            if (Files.isDirectory(samples)) {
                files.addAll(jsonFiles(samples));
            }
            int salesAndSqs = 0;
            for (Path file : files) {
                String event = file.startsWith(EXAMPLES) ? eventName(file) : SampleEvents.eventFor(file);
                sender.send(accountId, event, List.of(file));
                salesAndSqs += event.startsWith("question.") ? 0 : 1;
            }
            sender.write(accountId, EventSender.inboundEvent(accountId, "question.asked", largeNonAsciiData(6_000)));
            // Just under the 256 KB limit in UTF-8; escaped, the body is far larger and still verifies.
            sender.write(accountId, EventSender.inboundEvent(accountId, "question.asked", largeNonAsciiData(11_500)));
            int expressExpected = salesAndSqs;
            int nextExpected = files.size() + 2;

            await().atMost(DELIVERY_WAIT).untilAsserted(() -> {
                assertThat(expressReceiver.answers().size() - expressBefore).isGreaterThanOrEqualTo(expressExpected);
                assertThat(nextReceiver.answers().size() - nextBefore).isGreaterThanOrEqualTo(nextExpected);
            });
            assertThat(expressReceiver.answers()).allMatch(line -> line.startsWith("200 "));
            assertThat(nextReceiver.answers()).allMatch(line -> line.startsWith("200 "));
        }
    }

    @Test
    @Order(8)
    void deliveriesThatAlwaysFailAreRetriedFiveTimesThenDeadAndRedriveDeliversThem() throws Exception {
        JsonNode account = registry.createAccount(stack.adminKey(), "Failing endpoints", "PRO");
        String failingAccount = account.get("id").asString();
        String failingKey = account.get("apiKey").asString();
        try (var erroring = DeliveryReceiver.start(0, "unknown");
             var hanging = new HangingEndpoint();
             var sender = new EventSender(stack.bootstrapServers(), TopicNames.defaults().inbound(), System.out)) {
            erroring.answerWith(delivery -> 500);
            JsonNode serverError = registry.createWebhook(failingKey, "Answers 500", erroring.url("/500"),
                    List.of("sqs"));
            erroring.useSecret(serverError.get("secret").asString());
            JsonNode refused = registry.createWebhook(failingKey, "Refuses connections",
                    "http://127.0.0.1:" + freePort() + "/closed", List.of("sqs"));
            JsonNode silent = registry.createWebhook(failingKey, "Never answers", hanging.url(), List.of("sqs"));
            Instant sentAt = Instant.now();
            awaitWebhookKnown(sender, failingAccount, erroring);

            for (JsonNode webhook : List.of(serverError, refused, silent)) {
                await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                        assertThat(finalAttempts(failingKey, webhook.get("id").asString()))
                                .extracting(a -> a.get("state").asString()).contains("FAILED"));
            }
            assertRetriedFiveTimes(failingKey, serverError, a -> assertThat(a.get("statusCode").asInt()).isEqualTo(500));
            assertRetriedFiveTimes(failingKey, refused, a -> assertThat(a.get("error").asString()).isNotBlank());
            assertRetriedFiveTimes(failingKey, silent, a -> assertThat(a.get("durationMillis").asLong())
                    .isBetween(9_000L, 11_500L));

            erroring.answerWith(delivery -> 200);
            registry.call("POST", "/v1/webhooks/" + serverError.get("id").asString() + "/deliveries/redrive?since="
                    + sentAt.minusSeconds(60), failingKey, null, 202);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(erroring.received()).anySatisfy(d -> assertThat(d.answeredStatus()).isEqualTo(200)));
        }
    }

    /**
     * The attempts, oldest first, of the webhook's first delivery that ended as failed, or of its
     * first delivery while none has.
     */
    private static List<JsonNode> finalAttempts(String key, String webhookId) throws IOException {
        Map<String, List<JsonNode>> byDelivery = new java.util.TreeMap<>();
        registry.deliveries(key, webhookId).get("data").forEach(attempt ->
                byDelivery.computeIfAbsent(attempt.get("deliveryId").asString(), id -> new ArrayList<>()).add(attempt));
        List<JsonNode> chosen = byDelivery.values().stream()
                .filter(attempts -> attempts.stream().anyMatch(a -> a.get("state").asString().equals("FAILED")))
                .findFirst()
                .orElse(byDelivery.values().stream().findFirst().orElse(List.of()));
        List<JsonNode> sorted = new ArrayList<>(chosen);
        sorted.sort(java.util.Comparator.comparingInt(a -> a.get("attempt").asInt()));
        return sorted;
    }

    private static void assertRetriedFiveTimes(String key, JsonNode webhook,
            java.util.function.Consumer<JsonNode> eachAttempt) throws IOException {
        List<JsonNode> attempts = finalAttempts(key, webhook.get("id").asString());
        assertThat(attempts).extracting(a -> a.get("attempt").asInt()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(attempts).extracting(a -> a.get("state").asString())
                .containsExactly("RETRYING", "RETRYING", "RETRYING", "RETRYING", "RETRYING", "FAILED");
        assertThat(attempts).extracting(a -> a.get("deliveryId").asString()).containsOnly(
                attempts.get(0).get("deliveryId").asString());
        attempts.forEach(eachAttempt);
    }

    /** Sends one event and waits until the receiver got it, so the webhooks are known to dispatch. */
    private static void awaitWebhookKnown(EventSender sender, String account, DeliveryReceiver receiver) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            if (receiver.received().isEmpty()) {
                sender.write(account, EventSender.inboundEvent(account, "sqs.message_received", "{\"probe\":1}"));
            }
            return !receiver.received().isEmpty();
        });
    }

    /** Sends probe events until both new webhooks receive them, so no later event races the changelog. */
    private static void awaitBothSubscribed(EventSender sender, DocumentedReceiver first, DocumentedReceiver second) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            sender.write(accountId, EventSender.inboundEvent(accountId, "sale.created", "{\"probe\":true}"));
            return !first.answers().isEmpty() && !second.answers().isEmpty();
        });
    }

    /**
     * Text with multi-byte characters, 22 UTF-8 bytes per repetition: larger than one network
     * read, so a receiver that decodes chunk by chunk sees characters split across reads.
     */
    private static String largeNonAsciiData(int repetitions) {
        return "{\"text\":\"" + "Umsatz \u2014 caf\u00e9 \ud83d\ude80 ".repeat(repetitions) + "\"}";
    }

    private static void assertSignedAndExact(ReceivedDelivery delivery, Path file) throws IOException {
        assertThat(independentSignature(delivery.body(), secret)).isEqualTo(delivery.header("X-MonitorFlow-Signature"));
        assertThat(delivery.header("Content-Type")).startsWith("application/json");
        assertThat(delivery.header("X-MonitorFlow-Event")).isEqualTo(eventName(file));

        JsonNode body = Json.mapper().readTree(delivery.body());
        assertThat(body.propertyNames()).containsExactly("id", "event", "createdAt", "data", "webhookId");
        assertThat(body.get("webhookId").asString()).isEqualTo(webhookId);
        assertThat(body.get("id").asString()).startsWith("evt_");
        assertThat(body.get("createdAt").asString()).endsWith("Z");
        assertThat(body.get("data")).isEqualTo(Json.mapper().readTree(Files.readString(file)));
    }

    /** HMAC-SHA256 written out here, not taken from the product, so the test checks the product. */
    private static String independentSignature(byte[] body, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> attemptsOf(JsonNode page, String deliveryId) {
        List<JsonNode> attempts = new ArrayList<>();
        JsonNode items = page.has("items") ? page.get("items") : page.get("data");
        items.forEach(item -> {
            if (deliveryId.equals(item.get("deliveryId").asString())) {
                attempts.add(item);
            }
        });
        return attempts;
    }

    private static ReceivedDelivery succeeded(String event) {
        return receiver.received().stream()
                .filter(d -> d.answeredStatus() == 200 && eventOf(d).equals(event))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> succeededEvents() {
        return receiver.received().stream().filter(d -> d.answeredStatus() == 200)
                .map(SystemEndToEndIT::eventOf).toList();
    }

    private static String eventOf(ReceivedDelivery delivery) {
        String event = delivery.header("X-MonitorFlow-Event");
        return event == null ? "" : event;
    }

    private static List<String> eventNames(List<Path> files) {
        return files.stream().map(SystemEndToEndIT::eventName).toList();
    }

    private static String eventName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static int freePort() {
        return TestStack.freePort();
    }
}
