package com.monitorflow.webhooks.retry.forward;

import static com.monitorflow.webhooks.retry.forward.RetryTestKit.assertHandedOnInTime;
import static com.monitorflow.webhooks.retry.forward.RetryTestKit.count;
import static com.monitorflow.webhooks.retry.forward.RetryTestKit.gauge;
import static com.monitorflow.webhooks.retry.forward.RetryTestKit.failure;
import static com.monitorflow.webhooks.retry.forward.RetryTestKit.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.RejectionHeaders;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.retry.schedule.RetrySchedule;

/** The schedule as dispatch sees it, on a real broker with a schedule shortened to seconds. */
class RetryScheduleIT {

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
    void handsEveryStepBackWhenDueAndInStepOrder() throws Exception {
        String ns = RetryTestKit.namespace("steps");
        TopicNames topics = RetryTestKit.topics(ns);
        try (var service = kit.startRetryService(ns, "1s,2s,3s,4s,5s",
                "monitorflow.retry.jitter-ratio=0.1", "monitorflow.retry.max-jitter=150ms");
             var recorder = kit.record(topics)) {
            RetrySchedule schedule = RetryTestKit.scheduleOf(service);
            Instant failedAt = RetryTestKit.now();
            Map<String, Instant> dueById = new java.util.HashMap<>();
            Map<String, Integer> stepById = new java.util.HashMap<>();

            for (int step = 5; step >= 1; step--) {
                for (int partition = 0; partition < RetryTestKit.PARTITIONS; partition++) {
                    String id = "dlv_s" + step + "p" + partition;
                    kit.send(topics.retry(step), partition, failure(id, "acc_" + partition, step, failedAt, null));
                    dueById.put(id, schedule.dueAt(step, id, step, failedAt, null));
                    stepById.put(id, step);
                }
            }

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.on(topics.redeliver()).size() == 10);
            List<ConsumerRecord<byte[], byte[]>> handedOn = new ArrayList<>(recorder.on(topics.redeliver()));
            handedOn.forEach(r -> assertHandedOnInTime(r, dueById.get(header(r, PendingDelivery.DELIVERY_ID))));
            handedOn.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
            assertThat(handedOn).map(r -> stepById.get(header(r, PendingDelivery.DELIVERY_ID)))
                    .containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
            assertThat(recorder.on(topics.dead())).isEmpty();
        }
    }

    @Test
    void alwaysFailingDeliveryGetsOneAttemptAndFiveRetriesThenRestsDead() throws Exception {
        String ns = RetryTestKit.namespace("lifecycle");
        TopicNames topics = RetryTestKit.topics(ns);
        try (var service = kit.startRetryService(ns, "400ms,500ms,600ms,700ms,800ms");
             var recorder = kit.record(topics)) {
            RetrySchedule schedule = RetryTestKit.scheduleOf(service);
            int attemptsMade = 1;
            Instant failedAt = RetryTestKit.now();
            kit.send(topics.retry(1), null, failure("dlv_always", "acc_1", attemptsMade, failedAt, null));

            for (int retry = 1; retry <= 5; retry++) {
                int expected = retry;
                await().atMost(Duration.ofSeconds(3))
                        .until(() -> recorder.on(topics.redeliver()).size() == expected);
                ConsumerRecord<byte[], byte[]> due = recorder.on(topics.redeliver()).getLast();
                assertThat(header(due, PendingDelivery.ATTEMPTS)).isEqualTo(Integer.toString(attemptsMade));
                assertHandedOnInTime(due, failedAt.plus(schedule.delay(retry)));

                attemptsMade++;
                failedAt = RetryTestKit.now();
                kit.send(topics.retry(Math.min(attemptsMade, 5)), null,
                        failure("dlv_always", "acc_1", attemptsMade, failedAt, null));
            }

            await().atMost(Duration.ofSeconds(2)).until(() -> recorder.on(topics.dead()).size() == 1);
            ConsumerRecord<byte[], byte[]> dead = recorder.on(topics.dead()).getFirst();
            assertThat(attemptsMade).isEqualTo(6);
            assertThat(header(dead, PendingDelivery.ATTEMPTS)).isEqualTo("6");
            assertThat(header(dead, RejectionHeaders.CODE)).isEqualTo("RETRIES_EXHAUSTED");
            assertThat(dead.timestamp() - failedAt.toEpochMilli()).isLessThan(1000);
            await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(2))
                    .until(() -> recorder.on(topics.redeliver()).size() == 5 && recorder.on(topics.dead()).size() == 1);
        }
    }

    @Test
    void retryAfterIsHonouredAndCappedAtTheLongestStep() throws Exception {
        String ns = RetryTestKit.namespace("retry-after");
        TopicNames topics = RetryTestKit.topics(ns);
        try (var service = kit.startRetryService(ns, "500ms,1s,1500ms,2s,2500ms");
             var recorder = kit.record(topics)) {
            Instant failedAt = RetryTestKit.now();

            kit.send(topics.retry(1), 0, failure("dlv_longer", "acc_1", 1, failedAt, failedAt.plusSeconds(2)));
            kit.send(topics.retry(1), 1, failure("dlv_capped", "acc_2", 1, failedAt, failedAt.plusSeconds(3600)));
            kit.send(topics.retry(2), 0, failure("dlv_shorter", "acc_1", 2, failedAt, failedAt.plusMillis(200)));

            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.on(topics.redeliver()).size() == 3);
            Map<String, ConsumerRecord<byte[], byte[]>> byId = new java.util.HashMap<>();
            recorder.on(topics.redeliver()).forEach(r -> byId.put(header(r, PendingDelivery.DELIVERY_ID), r));
            assertHandedOnInTime(byId.get("dlv_longer"), failedAt.plusSeconds(2));
            assertHandedOnInTime(byId.get("dlv_capped"), failedAt.plusMillis(2500));
            assertHandedOnInTime(byId.get("dlv_shorter"), failedAt.plusSeconds(1));
        }
    }

    @Test
    void aLongRetryAfterDoesNotHoldBackOtherAccountsOnItsPartition() throws Exception {
        String ns = RetryTestKit.namespace("patient");
        TopicNames topics = RetryTestKit.topics(ns);
        try (var service = kit.startRetryService(ns, "1s,2s,4s,8s,16s");
             var recorder = kit.record(topics)) {
            Instant failedAt = RetryTestKit.now();
            PendingDelivery patient = failure("dlv_patient", "acc_slow", 1, failedAt, failedAt.plusSeconds(12));

            kit.send(topics.retry(1), 0, patient);
            kit.send(topics.retry(1), 0, failure("dlv_behind", "acc_other", 1, failedAt, null));

            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.on(topics.redeliver()).size() == 1);
            ConsumerRecord<byte[], byte[]> behind = recorder.on(topics.redeliver()).getFirst();
            assertThat(header(behind, PendingDelivery.DELIVERY_ID)).isEqualTo("dlv_behind");
            assertHandedOnInTime(behind, failedAt.plusSeconds(1));

            await().atMost(Duration.ofSeconds(15)).until(() -> recorder.on(topics.redeliver()).size() == 2);
            ConsumerRecord<byte[], byte[]> handedOn = recorder.on(topics.redeliver()).getLast();
            assertThat(header(handedOn, PendingDelivery.DELIVERY_ID)).isEqualTo("dlv_patient");
            assertHandedOnInTime(handedOn, failedAt.plusSeconds(12));
            assertThat(handedOn.value()).isEqualTo(patient.body());
            assertThat(header(handedOn, PendingDelivery.ATTEMPTS)).isEqualTo("1");
            // 11 s left after the first step: 8 s on step 4, then at least one shorter step.
            assertThat(count(service, "monitorflow.retry.moved", "step", "1", "to", "4")).isEqualTo(1);
            assertThat(service.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .find("monitorflow.retry.moved").tags("step", "4").counters())
                    .extracting(io.micrometer.core.instrument.Counter::count).containsExactly(1.0);
            assertThat(recorder.on(topics.dead())).isEmpty();
        }
    }

    @Test
    void unreadableRecordsRestDeadWithoutBlockingTheNextOne() throws Exception {
        String ns = RetryTestKit.namespace("broken");
        TopicNames topics = RetryTestKit.topics(ns);
        try (var service = kit.startRetryService(ns, "30s,30s,30s,30s,30s");
             var recorder = kit.record(topics)) {
            String retry1 = topics.retry(1);
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            var valid = failure("dlv_valid", "acc_1", 1, RetryTestKit.now().minusSeconds(31), null);
            var validHeaders = new RecordHeaders();
            valid.writeTo(validHeaders);
            var badAttempts = new RecordHeaders(validHeaders.toArray());
            badAttempts.remove(PendingDelivery.ATTEMPTS);
            badAttempts.add(PendingDelivery.ATTEMPTS, "two".getBytes(StandardCharsets.UTF_8));

            kit.sendRaw(retry1, 0, "acc_1".getBytes(StandardCharsets.UTF_8), body, new RecordHeaders());
            kit.sendRaw(retry1, 0, null, body, validHeaders);
            kit.sendRaw(retry1, 0, "acc_1".getBytes(StandardCharsets.UTF_8), body, badAttempts);
            Instant validWrittenAt = RetryTestKit.now();
            kit.send(retry1, 0, valid);

            await().atMost(Duration.ofSeconds(3)).until(() -> recorder.on(topics.redeliver()).size() == 1
                    && recorder.on(topics.dead()).size() == 3);
            assertThat(recorder.deliveryIdsOn(topics.redeliver())).containsExactly("dlv_valid");
            assertThat(recorder.on(topics.redeliver()).getFirst().timestamp() - validWrittenAt.toEpochMilli())
                    .isLessThan(1000);
            assertThat(recorder.on(topics.dead())).allSatisfy(dead -> {
                assertThat(header(dead, RejectionHeaders.CODE)).isEqualTo("UNREADABLE_RECORD");
                assertThat(header(dead, RejectionHeaders.REASON)).isNotBlank();
                assertThat(header(dead, RejectionHeaders.SOURCE_TOPIC)).isEqualTo(retry1);
                assertThat(dead.value()).isEqualTo(body);
            });
            assertThat(recorder.on(topics.dead())).map(r -> header(r, RejectionHeaders.SOURCE_OFFSET))
                    .containsExactlyInAnyOrder("0", "1", "2");
        }
    }

    @Test
    void reDrivenDeadLetterComesBackOnRedeliverUnchanged() throws Exception {
        String ns = RetryTestKit.namespace("redrive");
        TopicNames topics = RetryTestKit.topics(ns);
        try (var service = kit.startRetryService(ns, "1s,2s,3s,4s,5s");
             var recorder = kit.record(topics)) {
            Instant failedAt = RetryTestKit.now();
            PendingDelivery reDriven = new PendingDelivery("dlv_redrive", "acc_9", "whk_9", "evt_9", "question.created",
                    1, failedAt, null, null, null, "{\"id\":\"evt_9\"}".getBytes(StandardCharsets.UTF_8));

            kit.send(topics.retry(1), null, reDriven);

            await().atMost(Duration.ofSeconds(3)).until(() -> recorder.on(topics.redeliver()).size() == 1);
            ConsumerRecord<byte[], byte[]> back = recorder.on(topics.redeliver()).getFirst();
            assertHandedOnInTime(back, failedAt.plusSeconds(1));
            assertThat(PendingDelivery.readFrom(new String(back.key(), StandardCharsets.UTF_8), back.headers(),
                    back.value())).isEqualTo(reDriven);
            var written = new RecordHeaders();
            reDriven.writeTo(written);
            assertThat(back.headers().toArray()).extracting(Header::key).containsExactly(
                    java.util.Arrays.stream(written.toArray()).map(Header::key).toArray(String[]::new));
        }
    }

    @Test
    void metricsShowWaitingRecordsTheirAgeAndDeadLettersPerAccount() throws Exception {
        String ns = RetryTestKit.namespace("metrics");
        TopicNames topics = RetryTestKit.topics(ns);
        try (var service = kit.startRetryService(ns, "3s,3s,3s,3s,3s", "server.port=0");
             var recorder = kit.record(topics)) {
            Instant failedAt = RetryTestKit.now().minusSeconds(1);

            for (int i = 0; i < 3; i++) {
                kit.send(topics.retry(2), 0, failure("dlv_wait" + i, "acc_wait", 2, failedAt, null));
            }
            kit.send(topics.retry(5), 1, failure("dlv_dead", "acc_dead", 6, failedAt, null));

            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(gauge(service, "monitorflow.retry.waiting", "step", "2")).isEqualTo(3);
                assertThat(gauge(service, "monitorflow.retry.oldest.waiting.age", "step", "2"))
                        .isGreaterThanOrEqualTo(1);
                assertThat(count(service, "monitorflow.retry.dead.letters", "account", "acc_dead",
                        "reason", "RETRIES_EXHAUSTED")).isEqualTo(1);
            });
            String port = service.getEnvironment().getProperty("local.server.port");
            String prometheus = get("http://127.0.0.1:" + port + "/actuator/prometheus");
            assertThat(prometheus)
                    .contains("monitorflow_retry_waiting_records{")
                    .contains("monitorflow_retry_oldest_waiting_age_seconds{")
                    .containsPattern("monitorflow_retry_dead_letters_total\\{[^}]*account=\"acc_dead\"");
            assertThat(get("http://127.0.0.1:" + port + "/actuator/health")).contains("\"status\":\"UP\"")
                    .contains("\"retryRelay\"");

            await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
                assertThat(count(service, "monitorflow.retry.forwarded", "step", "2")).isEqualTo(3);
                assertThat(gauge(service, "monitorflow.retry.waiting", "step", "2")).isZero();
                assertThat(gauge(service, "monitorflow.retry.oldest.waiting.age", "step", "2")).isZero();
            });
        }
    }

    private static String get(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }
}
