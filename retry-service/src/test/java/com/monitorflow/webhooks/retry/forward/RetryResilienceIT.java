package com.monitorflow.webhooks.retry.forward;

import static com.monitorflow.webhooks.retry.forward.RetryTestKit.assertHandedOnInTime;
import static com.monitorflow.webhooks.retry.forward.RetryTestKit.failure;
import static com.monitorflow.webhooks.retry.forward.RetryTestKit.header;
import static com.monitorflow.webhooks.retry.forward.RetryTestKit.holds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.TopicNames;

/** Waits survive restarts and rebalances: nothing lost, nothing early, nothing paused for ever. */
class RetryResilienceIT {

    /** Long enough that a second instance is up before the first deliveries are due, even on a busy machine. */
    private static final String DELAYS = "10s,10s,10s,10s,10s";

    private static RetryTestKit kit;

    @BeforeAll
    static void startBroker() {
        kit = new RetryTestKit();
    }

    @AfterAll
    static void stopBroker() {
        kit.close();
    }

    @Test
    void restartInTheMiddleOfAWaitLosesNothingAndFiresNothingEarly() throws Exception {
        String ns = RetryTestKit.namespace("restart");
        TopicNames topics = RetryTestKit.topics(ns);
        ConfigurableApplicationContext first = kit.startRetryService(ns, DELAYS);
        try (var recorder = kit.record(topics)) {
            Map<String, Instant> due = writeOneWaitingDeliveryPerPartition(topics, first);
            await().atMost(Duration.ofSeconds(3)).until(() -> holdsAll(first, topics));

            first.close();
            try (var second = kit.startRetryService(ns, DELAYS)) {
                assertThat(recorder.on(topics.redeliver())).as("nothing handed on before it is due").isEmpty();
                await().atMost(Duration.ofSeconds(5)).until(() -> holdsAll(second, topics));

                await().atMost(Duration.ofSeconds(15))
                        .until(() -> recorder.on(topics.redeliver()).size() == due.size());
                recorder.on(topics.redeliver())
                        .forEach(r -> assertHandedOnInTime(r, due.get(header(r, PendingDelivery.DELIVERY_ID))));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                        .until(() -> recorder.on(topics.redeliver()).size() == due.size());
                assertThat(recorder.deliveryIdsOn(topics.redeliver())).doesNotHaveDuplicates();
            }
        } finally {
            first.close();
        }
    }

    @Test
    void rebalanceBetweenTwoInstancesInTheMiddleOfAWaitLosesNothingAndFiresNothingEarly() throws Exception {
        String ns = RetryTestKit.namespace("rebalance");
        TopicNames topics = RetryTestKit.topics(ns);
        try (var first = kit.startRetryService(ns, DELAYS);
             var recorder = kit.record(topics)) {
            Map<String, Instant> due = writeOneWaitingDeliveryPerPartition(topics, first);
            await().atMost(Duration.ofSeconds(3)).until(() -> holdsAll(first, topics));

            try (var second = kit.startRetryService(ns, DELAYS)) {
                // A rebalance takes a few seconds; more on a busy machine.
                await().atMost(Duration.ofSeconds(20)).until(() -> holdsAny(second, topics)
                        && RetryTestKit.assignedPartitions(first) + RetryTestKit.assignedPartitions(second)
                                == topics.retrySteps() * RetryTestKit.PARTITIONS);
                assertThat(recorder.on(topics.redeliver())).as("nothing handed on before it is due").isEmpty();

                await().atMost(Duration.ofSeconds(15))
                        .until(() -> recorder.on(topics.redeliver()).size() == due.size());
                recorder.on(topics.redeliver())
                        .forEach(r -> assertHandedOnInTime(r, due.get(header(r, PendingDelivery.DELIVERY_ID))));

                // Both instances keep handing on what arrives after the rebalance, once due (in 1 s).
                Instant failedAt = RetryTestKit.now().minusSeconds(9);
                for (int partition = 0; partition < RetryTestKit.PARTITIONS; partition++) {
                    String id = "dlv_after_rebalance_p" + partition;
                    kit.send(topics.retry(1), partition, failure(id, "acc_r", 1, failedAt, null));
                    due.put(id, failedAt.plusSeconds(10));
                }
                await().atMost(Duration.ofSeconds(3)).until(() -> recorder.on(topics.redeliver()).size() == due.size());
                recorder.on(topics.redeliver())
                        .forEach(r -> assertHandedOnInTime(r, due.get(header(r, PendingDelivery.DELIVERY_ID))));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                        .until(() -> recorder.on(topics.redeliver()).size() == due.size());
                assertThat(recorder.deliveryIdsOn(topics.redeliver())).doesNotHaveDuplicates();
            }
        }
    }

    /** Writes one delivery to every partition of every delay topic; returns each one's due time. */
    private static Map<String, Instant> writeOneWaitingDeliveryPerPartition(TopicNames topics,
            ConfigurableApplicationContext service) {
        Instant failedAt = RetryTestKit.now();
        Map<String, Instant> due = new HashMap<>();
        for (int step = 1; step <= topics.retrySteps(); step++) {
            for (int partition = 0; partition < RetryTestKit.PARTITIONS; partition++) {
                String id = "dlv_s" + step + "p" + partition;
                kit.send(topics.retry(step), partition, failure(id, "acc_" + partition, step, failedAt, null));
                due.put(id, RetryTestKit.scheduleOf(service).dueAt(step, id, step, failedAt, null));
            }
        }
        return due;
    }

    private static boolean holdsAll(ConfigurableApplicationContext service, TopicNames topics) {
        return topics.retryTopics().stream().allMatch(topic -> holds(service, topic, 0) && holds(service, topic, 1));
    }

    private static boolean holdsAny(ConfigurableApplicationContext service, TopicNames topics) {
        return topics.retryTopics().stream().anyMatch(topic -> holds(service, topic, 0) || holds(service, topic, 1));
    }
}
