package com.monitorflow.webhooks.dispatch;

import static com.monitorflow.webhooks.dispatch.KafkaFixture.data;
import static com.monitorflow.webhooks.dispatch.KafkaFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.monitorflow.webhooks.dispatch.TestReceiver.Reply;
import com.monitorflow.webhooks.dispatch.http.EndpointPolicy;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.NormalizedEvent;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several dispatch instances in one group on a real broker. */
class InstancesIT {

    private static final EndpointPolicy LOCAL = new EndpointPolicy(true, true);

    private static KafkaFixture kafka;
    private static TestReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaFixture();
        receiver = new TestReceiver();
        receiver.replyByDefault(new Reply(200, Map.of(), Duration.ofMillis(5), null));
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
        receiver.close();
    }

    @Test
    void atMostTenDeliveriesOfOneAccountAreInFlightAcrossTwoInstances() {
        TopicNames topics = KafkaFixture.topics("bound.");
        kafka.createTopics(topics);
        DispatchProperties properties = DispatchProperties.defaults().withGroupId("bound");
        String account = "acc_busy";
        KafkaFixture.Collected retries = kafka.collect(topics.retry(1));
        WebhookDefinition sale = hook(topics, account, "sale", EventCategory.SALE);
        WebhookDefinition sqs = hook(topics, account, "sqs", EventCategory.SQS);
        DispatchNode first = kafka.startNode(topics, properties, LOCAL);
        await().atMost(Duration.ofSeconds(20)).until(first::consuming);
        List<NormalizedEvent> events = IntStream.range(0, 1000)
                .mapToObj(i -> i % 2 == 0
                        ? event(account, "sale.created", data("n", i))
                        : event(account, "sqs.message_received", data("n", i)))
                .toList();

        events.forEach(e -> kafka.publishAsync(topics, e));
        kafka.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedBy(account, "sale").size() > 150);
        DispatchNode second = kafka.startNode(topics, properties, LOCAL);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(outcomes(eventIds(account, "sale", "sqs"), retries)).containsAll(ids(events)));
        assertThat(receiver.maxConcurrent(account)).isEqualTo(10);
        assertThat(second.consuming()).isTrue();
        assertThat(sale.id()).isNotEqualTo(sqs.id());
    }

    @Test
    void everyEventIsDeliveredWhenAnInstanceDiesMidStream() {
        TopicNames topics = KafkaFixture.topics("crash.");
        kafka.createTopics(topics);
        DispatchProperties properties = DispatchProperties.defaults().withGroupId("crash");
        List<String> accounts = IntStream.range(0, 12).mapToObj(i -> "acc_crash" + i).toList();
        KafkaFixture.Collected retries = kafka.collect(topics.retry(1));
        accounts.forEach(a -> hook(topics, a, "hook", EventCategory.QUESTION));
        DispatchNode doomed = kafka.startNode(topics, properties, LOCAL);
        DispatchNode survivor = kafka.startNode(topics, properties, LOCAL);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> doomed.assignedPartitions() > 0 && survivor.assignedPartitions() > 0);
        List<NormalizedEvent> events = IntStream.range(0, 1200)
                .mapToObj(i -> event(accounts.get(i % accounts.size()), "question.asked", data("n", i)))
                .toList();

        events.forEach(e -> kafka.publishAsync(topics, e));
        kafka.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> eventIds(accounts, "hook").size() > 300);
        assertThat(doomed.assignedPartitions()).isPositive();
        doomed.halt();
        int deliveredBeforeTheCrash = eventIds(accounts, "hook").size();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(outcomes(eventIds(accounts, "hook"), retries)).containsAll(ids(events)));
        assertThat(deliveredBeforeTheCrash).isLessThan(events.size());
        assertThat(survivor.assignedPartitions()).isEqualTo(4 * KafkaFixture.PARTITIONS);
    }

    private static WebhookDefinition hook(TopicNames topics, String account, String name, EventCategory category) {
        WebhookDefinition webhook = kafka.webhook(account, receiver.url(account, name), "secret-" + name,
                WebhookStatus.ACTIVE, category);
        kafka.publish(topics, webhook);
        return webhook;
    }

    /**
     * Events the receiver got, plus those whose attempt failed and went to the first retry step
     * (on a loaded machine an attempt can time out); either way nothing was lost.
     */
    private static Set<String> outcomes(Set<String> received, KafkaFixture.Collected retries) {
        Set<String> all = new HashSet<>(received);
        retries.pending().forEach(p -> all.add(p.eventId()));
        return all;
    }

    private static Set<String> ids(List<NormalizedEvent> events) {
        return events.stream().map(NormalizedEvent::id).collect(Collectors.toSet());
    }

    private static Set<String> eventIds(String account, String... hooks) {
        Set<String> ids = new HashSet<>();
        for (String hook : hooks) {
            receiver.receivedBy(account, hook).forEach(r -> ids.add(idOf(r)));
        }
        return ids;
    }

    private static Set<String> eventIds(List<String> accounts, String hook) {
        Set<String> ids = new HashSet<>();
        for (String account : accounts) {
            ids.addAll(eventIds(account, hook));
        }
        return ids;
    }

    private static String idOf(TestReceiver.Received received) {
        return com.monitorflow.webhooks.model.Json.mapper().readTree(received.body()).get("id").asString();
    }
}
