package com.monitorflow.webhooks.dispatch;

import static com.monitorflow.webhooks.dispatch.KafkaFixture.data;
import static com.monitorflow.webhooks.dispatch.KafkaFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.monitorflow.webhooks.dispatch.TestReceiver.Reply;
import com.monitorflow.webhooks.dispatch.http.EndpointPolicy;
import com.monitorflow.webhooks.dispatch.subscription.Subscription;
import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.DeliveryPayload;
import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.NormalizedEvent;
import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookSignature;
import com.monitorflow.webhooks.model.WebhookStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One dispatch instance on a real broker, delivering to a real local HTTP receiver. */
class DispatchIT {

    private static final TopicNames TOPICS = KafkaFixture.topics("d.");
    /** "Within about a second"; a little slack for a shared, loaded build machine. */
    private static final Duration SECOND = Duration.ofMillis(1500);

    private static KafkaFixture kafka;
    private static TestReceiver receiver;
    private static DispatchNode node;
    private static KafkaFixture.Collected attempts;
    private static KafkaFixture.Collected retries;

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaFixture();
        kafka.createTopics(TOPICS);
        receiver = new TestReceiver();
        node = kafka.startNode(TOPICS, DispatchProperties.defaults(),
                new EndpointPolicy(true, true));
        attempts = kafka.collect(TOPICS.attempts());
        retries = kafka.collect(TOPICS.retry(1));
        await().atMost(Duration.ofSeconds(20)).until(node::consuming);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
        receiver.close();
    }

    @Test
    void deliversOnlyToSubscribedActiveWebhooksOfTheEventsAccount() {
        String account = "acc_fanout";
        WebhookDefinition sale = webhook(account, "sale", WebhookStatus.ACTIVE, EventCategory.SALE);
        WebhookDefinition saleAndSqs = webhook(account, "both", WebhookStatus.ACTIVE, EventCategory.SALE,
                EventCategory.SQS);
        WebhookDefinition inactive = webhook(account, "inactive", WebhookStatus.INACTIVE, EventCategory.SALE);
        WebhookDefinition sqsOnly = webhook(account, "sqs", WebhookStatus.ACTIVE, EventCategory.SQS);
        WebhookDefinition otherAccount = webhook("acc_other", "sale", WebhookStatus.ACTIVE, EventCategory.SALE);
        List.of(sale, saleAndSqs, inactive, sqsOnly, otherAccount).forEach(w -> kafka.publish(TOPICS, w));
        awaitKnown(otherAccount.id());

        NormalizedEvent event = event(account, "sale.created", data("amount", 12));
        kafka.publish(TOPICS, event);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(receiver.receivedBy(account, "sale")).hasSize(1);
            assertThat(receiver.receivedBy(account, "both")).hasSize(1);
        });
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(receiver.receivedBy(account, "inactive")).isEmpty();
            assertThat(receiver.receivedBy(account, "sqs")).isEmpty();
            assertThat(receiver.receivedBy("acc_other", "sale")).isEmpty();
        });
        var received = receiver.receivedBy(account, "sale").getFirst();
        assertThat(received.header("X-MonitorFlow-Delivery")).isEqualTo(Ids.deliveryId(event.id(), sale.id()));
        assertThat(WebhookSignature.verify(received.body(), received.header("X-MonitorFlow-Signature"),
                secretOf(account, "sale"))).isTrue();
        assertThat(attemptsOf(event.id())).extracting(DeliveryAttempt::state)
                .containsExactly(DeliveryState.SUCCEEDED, DeliveryState.SUCCEEDED);
        assertThat(attemptsOf(event.id())).allSatisfy(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.statusCode()).isEqualTo(200);
            assertThat(a.payload()).isNotNull();
        });
    }

    @Test
    void followsCreateUpdateAndDeleteWithinASecond() {
        String account = "acc_follow";
        WebhookDefinition created = webhook(account, "hook", WebhookStatus.ACTIVE, EventCategory.QUESTION);

        kafka.publish(TOPICS, created);
        await().atMost(SECOND).until(() -> node.view().find(created.id()).isPresent());
        NormalizedEvent asked = event(account, "question.asked", data("text", "Hi?"));
        kafka.publish(TOPICS, asked);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.receivedBy(account, "hook").size() == 1);

        WebhookDefinition updated = new WebhookDefinition(created.id(), account, "renamed", created.url(),
                Set.of(EventCategory.SQS), WebhookStatus.ACTIVE, created.encryptedSecret(), Instant.now());
        kafka.publish(TOPICS, updated);
        await().atMost(SECOND).until(() -> !node.view().find(created.id()).orElseThrow()
                .receives(EventCategory.QUESTION));
        kafka.publish(TOPICS, event(account, "question.answered", data("text", "Yes")));
        NormalizedEvent queued = event(account, "sqs.message_received", data("queue", "q1"));
        kafka.publish(TOPICS, queued);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.receivedBy(account, "hook").size() == 2);
        assertThat(receiver.receivedBy(account, "hook").getLast().header("X-MonitorFlow-Event"))
                .isEqualTo("sqs.message_received");

        kafka.delete(TOPICS, created.id());
        await().atMost(SECOND).until(() -> node.view().find(created.id()).isEmpty());
        NormalizedEvent afterDelete = event(account, "sqs.message_received", data("queue", "q2"));
        kafka.publish(TOPICS, afterDelete);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> receiver.receivedBy(account, "hook").size() == 2);
    }

    @Test
    void failedAttemptGoesToTheFirstRetryStepWithBodyAndNoSecret() {
        String account = "acc_failing";
        WebhookDefinition failing = webhook(account, "failing", WebhookStatus.ACTIVE, EventCategory.SALE);
        WebhookDefinition busy = webhook(account, "busy", WebhookStatus.ACTIVE, EventCategory.SALE);
        WebhookDefinition redirecting = webhook(account, "login", WebhookStatus.ACTIVE, EventCategory.SALE);
        receiver.reply(account, "failing", Reply.status(500));
        receiver.reply(account, "busy", new Reply(503, Map.of("Retry-After", "120"), Duration.ZERO, null));
        receiver.reply(account, "login", new Reply(302, Map.of("Location", "https://example.com/login"),
                Duration.ZERO, null));
        List.of(failing, busy, redirecting).forEach(w -> kafka.publish(TOPICS, w));
        awaitKnown(redirecting.id());

        NormalizedEvent event = event(account, "sale.refunded", data("reason", "café ☕"));
        Instant sent = Instant.now();
        kafka.publish(TOPICS, event);

        await().atMost(Duration.ofSeconds(10)).until(() -> retriesOf(event.id()).size() == 3);
        byte[] sentBody = receiver.receivedBy(account, "failing").getFirst().body();
        PendingDelivery toFailing = retryFor(event.id(), failing.id());
        assertThat(toFailing.body()).isEqualTo(sentBody);
        assertThat(toFailing.attempts()).isEqualTo(1);
        assertThat(toFailing.lastStatus()).isEqualTo(500);
        assertThat(toFailing.failedAt()).isAfterOrEqualTo(sent.minusSeconds(1));
        assertThat(toFailing.notBefore()).isNull();
        assertThat(toFailing.deliveryId()).isEqualTo(Ids.deliveryId(event.id(), failing.id()));
        assertThat(retryFor(event.id(), busy.id()).notBefore()).isAfter(sent.plusSeconds(100));
        assertThat(retryFor(event.id(), redirecting.id()).lastError()).contains("https://example.com/login");
        for (ConsumerRecord<String, byte[]> record : retries.records()) {
            assertThat(record.key()).isNotBlank();
            for (Header header : record.headers()) {
                String value = new String(header.value(), StandardCharsets.UTF_8);
                assertThat(value).doesNotContain(secretOf(account, "failing"), secretOf(account, "busy"));
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> attemptsOf(event.id()).size() == 3);
        assertThat(attemptsOf(event.id())).allSatisfy(a -> assertThat(a.state()).isEqualTo(DeliveryState.RETRYING));
        DeliveryAttempt redirect = attemptsOf(event.id()).stream()
                .filter(a -> a.webhookId().equals(redirecting.id())).findFirst().orElseThrow();
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.location()).isEqualTo("https://example.com/login");
        assertThat(receiver.receivedBy("example.com", "login")).isEmpty();
    }

    @Test
    void goneEndsTheDeliveryAndStopsTheWebhookAtOnce() {
        String account = "acc_gone";
        WebhookDefinition gone = webhook(account, "gone", WebhookStatus.ACTIVE, EventCategory.SALE);
        receiver.reply(account, "gone", Reply.status(410));
        kafka.publish(TOPICS, gone);
        awaitKnown(gone.id());

        NormalizedEvent first = event(account, "sale.created", data("n", 1));
        kafka.publish(TOPICS, first);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(first.id()).size() == 1);
        kafka.publish(TOPICS, event(account, "sale.created", data("n", 2)));

        assertThat(attemptsOf(first.id()).getFirst().state()).isEqualTo(DeliveryState.GONE);
        assertThat(attemptsOf(first.id()).getFirst().statusCode()).isEqualTo(410);
        assertThat(node.view().find(gone.id())).get().extracting(Subscription::active).isEqualTo(false);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(receiver.receivedBy(account, "gone")).hasSize(1);
            assertThat(retriesOf(first.id())).isEmpty();
        });
    }

    @Test
    void redeliveryIsTheNextAttemptSignedWithTheCurrentSecret() {
        String account = "acc_redeliver";
        WebhookDefinition hook = webhook(account, "hook", WebhookStatus.ACTIVE, EventCategory.SALE);
        kafka.publish(TOPICS, hook);
        WebhookDefinition rotated = new WebhookDefinition(hook.id(), account, hook.name(), hook.url(),
                hook.eventCategories(), WebhookStatus.ACTIVE, kafka.cipher.seal("rotated-secret"), Instant.now());
        kafka.publish(TOPICS, rotated);
        await().atMost(SECOND).until(() -> node.view().find(hook.id())
                .map(s -> s.secret().equals("rotated-secret")).orElse(false));
        byte[] body = "{\"id\":\"evt_x\",\"event\":\"sale.created\",\"data\":{\"name\":\"Łódź 🎉\"}}"
                .getBytes(StandardCharsets.UTF_8);
        String deliveryId = Ids.deliveryId("evt_x", hook.id());

        kafka.publish(TOPICS.redeliver(), new PendingDelivery(deliveryId, account, hook.id(), "evt_x",
                "sale.created", 2, Instant.now(), null, 500, "HTTP 500", body));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.receivedBy(account, "hook").size() == 1);
        var received = receiver.receivedBy(account, "hook").getFirst();
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.header("X-MonitorFlow-Attempt")).isEqualTo("3");
        assertThat(received.header("X-MonitorFlow-Delivery")).isEqualTo(deliveryId);
        assertThat(WebhookSignature.verify(body, received.header("X-MonitorFlow-Signature"), "rotated-secret"))
                .isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> attemptsOf("evt_x").size() == 1);
        DeliveryAttempt attempt = attemptsOf("evt_x").getFirst();
        assertThat(attempt.attempt()).isEqualTo(3);
        assertThat(attempt.state()).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(attempt.payload()).isNull();
    }

    @Test
    void redeliveryToADeletedOrInactiveWebhookIsCancelled() {
        String account = "acc_cancel";
        WebhookDefinition deleted = webhook(account, "deleted", WebhookStatus.ACTIVE, EventCategory.SALE);
        WebhookDefinition inactive = webhook(account, "inactive", WebhookStatus.INACTIVE, EventCategory.SALE);
        kafka.publish(TOPICS, deleted);
        kafka.publish(TOPICS, inactive);
        kafka.delete(TOPICS, deleted.id());
        awaitKnown(inactive.id());
        await().atMost(SECOND).until(() -> node.view().find(deleted.id()).isEmpty());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        for (WebhookDefinition hook : List.of(deleted, inactive)) {
            kafka.publish(TOPICS.redeliver(), new PendingDelivery(Ids.deliveryId("evt_c", hook.id()), account,
                    hook.id(), "evt_c", "sale.created", 1, Instant.now(), null, 500, "HTTP 500", body));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf("evt_c").size() == 2);
        assertThat(attemptsOf("evt_c")).allSatisfy(a -> {
            assertThat(a.state()).isEqualTo(DeliveryState.CANCELLED);
            assertThat(a.attempt()).isEqualTo(2);
            assertThat(a.statusCode()).isNull();
        });
        assertThat(receiver.receivedBy(account, "deleted")).isEmpty();
        assertThat(receiver.receivedBy(account, "inactive")).isEmpty();
    }

    @Test
    void aSlowAccountDoesNotDelayAHealthyOne() {
        var gate = new CountDownLatch(1);
        WebhookDefinition slow = webhook("acc_slow", "hook", WebhookStatus.ACTIVE, EventCategory.SALE);
        WebhookDefinition healthy = webhook("acc_healthy", "hook", WebhookStatus.ACTIVE, EventCategory.SALE);
        receiver.reply("acc_slow", "hook", new Reply(200, Map.of(), Duration.ZERO, gate));
        kafka.publish(TOPICS, slow);
        kafka.publish(TOPICS, healthy);
        awaitKnown(healthy.id());

        for (int i = 0; i < 40; i++) {
            kafka.publishAsync(TOPICS, event("acc_slow", "sale.created", data("n", i)));
        }
        kafka.flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.concurrent("acc_slow") == 10);
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            kafka.publishAsync(TOPICS, event("acc_healthy", "sale.created", data("n", i)));
        }
        kafka.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.receivedBy("acc_healthy", "hook").size() == 20);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(receiver.concurrent("acc_slow")).isEqualTo(10);
        assertThat(receiver.maxConcurrent("acc_slow")).isEqualTo(10);
        gate.countDown();
    }

    @Test
    void aRecordThatIsNotAnEventIsSkippedAndTheRecordsAfterItAreDelivered() {
        WebhookDefinition hook = webhook("acc_poison", "hook", WebhookStatus.ACTIVE, EventCategory.SALE);
        kafka.publish(TOPICS, hook);
        awaitKnown(hook.id());

        for (String broken : List.of("{\"id\":\"evt_broken1\",\"event\":\"sale.created\",\"createdAt\":"
                + "\"2025-03-06T06:11:45Z\",\"data\":{}}", "{\"accountId\":\"acc_poison\"}", "not json")) {
            kafka.publishRawAsync(TOPICS.sale(), "acc_poison", broken.getBytes(StandardCharsets.UTF_8));
        }
        NormalizedEvent event = event("acc_poison", "sale.created", data("n", 1));
        kafka.publishAsync(TOPICS, event);
        kafka.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.receivedBy("acc_poison", "hook").size() == 1);
        assertThat(Json.mapper().readTree(receiver.receivedBy("acc_poison", "hook").getFirst().body()).get("id")
                .asString()).isEqualTo(event.id());
    }

    @Test
    void anAccountWhoseEndpointHangsIsDeferredAndDoesNotPauseItsPartitionForOthers() {
        TopicNames topics = KafkaFixture.topics("hang.");
        kafka.createTopics(topics);
        DispatchNode hangNode = kafka.startNode(topics, DispatchProperties.defaults().withGroupId("hang")
                .withMaxQueueWait(Duration.ofSeconds(1)).withMaxPendingPerPartition(100),
                new EndpointPolicy(true, true));
        KafkaFixture.Collected deferred = kafka.collect(topics.retry(1));
        String hung = "acc_hung";
        String calm = onTheSamePartitionAs(hung);
        var gate = new CountDownLatch(1);
        WebhookDefinition hungHook = webhook(hung, "hook", WebhookStatus.ACTIVE, EventCategory.SALE);
        WebhookDefinition calmHook = webhook(calm, "hook", WebhookStatus.ACTIVE, EventCategory.SALE);
        receiver.reply(hung, "hook", new Reply(200, Map.of(), Duration.ZERO, gate));
        kafka.publish(topics, hungHook);
        kafka.publish(topics, calmHook);
        await().atMost(Duration.ofSeconds(20)).until(() -> hangNode.view().find(calmHook.id()).isPresent());
        Map<String, NormalizedEvent> events = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            NormalizedEvent event = event(hung, "sale.created", data("n", i));
            events.put(event.id(), event);
            kafka.publishAsync(topics, event);
        }
        kafka.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.concurrent(hung) == 10);

        await().atMost(Duration.ofSeconds(10)).until(() -> deferred.pending().size() >= 250);
        for (int i = 0; i < 20; i++) {
            kafka.publishAsync(topics, event(calm, "sale.created", data("n", i)));
        }
        kafka.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.receivedBy(calm, "hook").size() == 20);
        await().atMost(Duration.ofSeconds(20)).until(() -> accountedFor(hung, deferred).size() == events.size());
        List<PendingDelivery> handedOn = deferred.pending().stream().filter(p -> p.attempts() == 0).toList();
        assertThat(handedOn).hasSizeGreaterThanOrEqualTo(250).allSatisfy(pending -> {
            assertThat(pending.failedAt()).isNull();
            assertThat(pending.webhookId()).isEqualTo(hungHook.id());
            assertThat(pending.deliveryId()).isEqualTo(Ids.deliveryId(pending.eventId(), hungHook.id()));
            assertThat(pending.body())
                    .isEqualTo(DeliveryPayload.of(events.get(pending.eventId()), hungHook.id()).toBytes());
        });
        assertThat(handedOn).extracting(PendingDelivery::eventId).doesNotHaveDuplicates();
        gate.countDown();
        hangNode.halt();
    }

    /** The events of {@code account} that its endpoint received or that were deferred. */
    private static Set<String> accountedFor(String account, KafkaFixture.Collected deferred) {
        Set<String> accounted = new HashSet<>();
        deferred.pending().stream().filter(p -> p.attempts() == 0).forEach(p -> accounted.add(p.eventId()));
        receiver.receivedBy(account, "hook")
                .forEach(received -> accounted.add(Json.mapper().readTree(received.body()).get("id").asString()));
        return accounted;
    }

    /** An account whose records land on the same partition as {@code account}'s. */
    private static String onTheSamePartitionAs(String account) {
        int partition = partitionOf(account);
        for (int i = 0; ; i++) {
            if (partitionOf("acc_calm_" + i) == partition) {
                return "acc_calm_" + i;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % KafkaFixture.PARTITIONS;
    }

    private static WebhookDefinition webhook(String account, String name, WebhookStatus status,
            EventCategory... categories) {
        return kafka.webhook(account, receiver.url(account, name), secretOf(account, name), status, categories);
    }

    private static String secretOf(String account, String name) {
        return "whsec_" + account + "_" + name;
    }

    private static void awaitKnown(String webhookId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> node.view().find(webhookId).isPresent());
    }

    private static List<DeliveryAttempt> attemptsOf(String eventId) {
        return attempts.attempts().stream().filter(a -> a.eventId().equals(eventId)).toList();
    }

    private static List<PendingDelivery> retriesOf(String eventId) {
        return retries.pending().stream().filter(p -> p.eventId().equals(eventId)).toList();
    }

    private static PendingDelivery retryFor(String eventId, String webhookId) {
        return retriesOf(eventId).stream().filter(p -> p.webhookId().equals(webhookId)).findFirst().orElseThrow();
    }
}
