package com.monitorflow.webhooks.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.monitorflow.webhooks.localstack.produce.EventSender;
import com.monitorflow.webhooks.localstack.receive.DeliveryReceiver;
import com.monitorflow.webhooks.localstack.receive.ReceivedDelivery;
import com.monitorflow.webhooks.localstack.stack.LocalStack;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.TopicNames;

import tools.jackson.databind.JsonNode;

/**
 * A service process killed with SIGKILL while events stream through the running system, then
 * started again as a supervisor would: every event still reaches its webhook, signed. A killed
 * dispatch instance may repeat deliveries it had not recorded, always under the same delivery id
 * and with the same bytes; a killed ingest instance neither loses nor doubles an event.
 */
class ProcessCrashIT {

    private static final int EVENTS = 1_500;
    private static final Duration RECOVERY = Duration.ofMinutes(3);

    private static LocalStack stack;
    private static RegistryClient registry;
    private DeliveryReceiver receiver;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStack.get();
        registry = new RegistryClient(stack.registryUrl());
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void everyEventIsDeliveredWhenDispatchIsKilledMidStream() throws Exception {
        String account = accountWithWebhook("Dispatch crash");

        Map<Integer, List<ReceivedDelivery>> received = streamThroughACrash(account, "dispatch-service");

        assertThat(received.keySet()).containsAll(allSequenceNumbers());
        received.forEach((n, copies) -> {
            assertThat(copies).allMatch(ReceivedDelivery::signatureValid);
            assertThat(copies).extracting(d -> d.header("X-MonitorFlow-Delivery")).containsOnly(
                    copies.get(0).header("X-MonitorFlow-Delivery"));
            assertThat(copies).extracting(ReceivedDelivery::bodyText).containsOnly(copies.get(0).bodyText());
        });
    }

    @Test
    void everyEventIsDeliveredOnceWhenIngestIsKilledMidStream() throws Exception {
        String account = accountWithWebhook("Ingest crash");

        Map<Integer, List<ReceivedDelivery>> received = streamThroughACrash(account, "ingest-service");

        assertThat(received.keySet()).containsAll(allSequenceNumbers());
        received.forEach((n, copies) -> {
            assertThat(copies).allMatch(ReceivedDelivery::signatureValid);
            assertThat(copies).extracting(ProcessCrashIT::eventId).as("event ids of event %d", n).containsOnly(
                    eventId(copies.get(0)));
        });
    }

    /**
     * Writes {@link #EVENTS} numbered events for {@code account}, kills {@code service} once a
     * couple of hundred have been delivered, starts it again while the rest are still being
     * written, and waits until every number arrived. Returns the deliveries per number.
     */
    private Map<Integer, List<ReceivedDelivery>> streamThroughACrash(String account, String service)
            throws Exception {
        long pidBefore = stack.pid(service);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeNumberedEvents(account));

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 200);
        stack.kill(service);
        assertThat(writing).as("events still being written when %s died", service).isNotDone();
        stack.restart(service);
        writing.get(2, TimeUnit.MINUTES);

        await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(bySequenceNumber().keySet()).containsAll(allSequenceNumbers()));
        assertThat(stack.pid(service)).isNotEqualTo(pidBefore);
        return bySequenceNumber();
    }

    private String accountWithWebhook(String name) throws IOException {
        receiver = DeliveryReceiver.start(0, "not-yet-known");
        // About 30 ms per answer: with 10 deliveries in flight the stream takes several seconds.
        receiver.answerWith(delivery -> {
            sleep(Duration.ofMillis(30));
            return 200;
        });
        JsonNode account = registry.createAccount(stack.adminKey(), name, "PRO");
        String apiKey = account.get("apiKey").asString();
        JsonNode webhook = registry.createWebhook(apiKey, name, receiver.url("/crash"), List.of("sale"));
        receiver.useSecret(webhook.get("secret").asString());
        String accountId = account.get("id").asString();
        awaitWebhookKnown(accountId);
        return accountId;
    }

    /** Sends probes until one arrives, so the numbered events do not race the changelog. */
    private void awaitWebhookKnown(String account) {
        try (var sender = new EventSender(stack.bootstrapServers(), TopicNames.defaults().inbound(), System.out)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (receiver.received().isEmpty()) {
                    sender.write(account, EventSender.inboundEvent(account, "sale.created", "{\"probe\":true}"));
                }
                return !receiver.received().isEmpty();
            });
        }
    }

    private void writeNumberedEvents(String account) {
        try (var sender = new EventSender(stack.bootstrapServers(), TopicNames.defaults().inbound(), System.out)) {
            for (int n = 0; n < EVENTS; n++) {
                sender.write(account, EventSender.inboundEvent(account, "sale.created",
                        "{\"n\":" + n + ",\"amount\":12.50,\"currency\":\"EUR\"}"));
                sleep(Duration.ofMillis(3));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<Integer, List<ReceivedDelivery>> bySequenceNumber() {
        return receiver.received().stream()
                .filter(d -> d.answeredStatus() == 200)
                .filter(d -> data(d).has("n"))
                .collect(Collectors.groupingBy(d -> data(d).get("n").asInt()));
    }

    private static Set<Integer> allSequenceNumbers() {
        return IntStream.range(0, EVENTS).boxed().collect(Collectors.toSet());
    }

    private static JsonNode data(ReceivedDelivery delivery) {
        return Json.mapper().readTree(delivery.body()).get("data");
    }

    private static String eventId(ReceivedDelivery delivery) {
        return Json.mapper().readTree(delivery.body()).get("id").asString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
