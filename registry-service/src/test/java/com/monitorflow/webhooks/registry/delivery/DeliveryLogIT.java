package com.monitorflow.webhooks.registry.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookStatus;
import com.monitorflow.webhooks.registry.IntegrationTestSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

class DeliveryLogIT extends IntegrationTestSupport {

    @Autowired
    TopicNames topics;

    @Test
    void attemptsAreListedNewestFirstFilteredAndPaged() {
        TestAccount account = newAccount("FREE");
        String webhookId = newWebhook(account, "logged", "https://example.com/log").get("id").asString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String first = Ids.deliveryId("evt_1", webhookId);
        String second = Ids.deliveryId("evt_2", webhookId);
        DeliveryAttempt retried = attempt(account, webhookId, "evt_1", 1, now.minus(3, ChronoUnit.HOURS),
                DeliveryState.RETRYING, 500, null, "{\"id\":\"evt_1\"}");
        publish(retried);
        publish(retried);
        publish(attempt(account, webhookId, "evt_1", 2, now.minus(2, ChronoUnit.HOURS), DeliveryState.SUCCEEDED, 200,
                null, null));
        publish(attempt(account, webhookId, "evt_2", 1, now.minus(1, ChronoUnit.HOURS), DeliveryState.RETRYING, null,
                "connect timed out", "{\"id\":\"evt_2\"}"));
        publish(attempt(account, webhookId, "evt_0", 1, now.minus(8, ChronoUnit.DAYS), DeliveryState.SUCCEEDED, 200,
                null, "{}"));
        String path = "/v1/webhooks/" + webhookId + "/deliveries";

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("GET", path, account.apiKey(), null).json().get("data").size()).isEqualTo(3));

        JsonNode all = call("GET", path, account.apiKey(), null).json().get("data");
        assertThat(all.get(0).get("deliveryId").asString()).isEqualTo(second);
        assertThat(all.get(0).get("error").asString()).isEqualTo("connect timed out");
        assertThat(all.get(0).get("statusCode").isNull()).isTrue();
        assertThat(all.get(1).get("deliveryId").asString()).isEqualTo(first);
        assertThat(all.get(1).get("attempt").asInt()).isEqualTo(2);
        assertThat(all.get(1).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(all.get(2).get("attempt").asInt()).isEqualTo(1);
        assertThat(all.get(2).get("statusCode").asInt()).isEqualTo(500);
        assertThat(all.get(2).get("responseExcerpt").asString()).isEqualTo("upstream said 500");
        assertThat(all.get(2).get("event").asString()).isEqualTo("sale.created");
        assertThat(all.get(2).get("eventId").asString()).isEqualTo("evt_1");
        assertThat(all.get(2).get("durationMillis").asLong()).isEqualTo(120);
        assertThat(Instant.parse(all.get(2).get("attemptedAt").asString())).isEqualTo(now.minus(3, ChronoUnit.HOURS));

        assertThat(call("GET", path + "?status=succeeded", account.apiKey(), null).json().get("data").size())
                .isEqualTo(1);
        assertThat(call("GET", path + "?status=retrying,failed", account.apiKey(), null).json().get("data").size())
                .isEqualTo(2);
        assertThat(call("GET", path + "?from=" + now.minus(150, ChronoUnit.MINUTES) + "&to="
                + now.minus(30, ChronoUnit.MINUTES), account.apiKey(), null).json().get("data").size()).isEqualTo(2);

        JsonNode page1 = call("GET", path + "?limit=2", account.apiKey(), null).json();
        JsonNode page2 = call("GET", path + "?limit=2&cursor=" + page1.get("nextCursor").asString(), account.apiKey(),
                null).json();
        assertThat(page1.get("data").size()).isEqualTo(2);
        assertThat(page2.get("data").size()).isEqualTo(1);
        assertThat(page2.get("data").get(0).get("attempt").asInt()).isEqualTo(1);
        assertThat(page2.get("nextCursor").isNull()).isTrue();

        assertThat(call("GET", path + "?status=lost", account.apiKey(), null).json().get("errors").get(0)
                .get("field").asString()).isEqualTo("status");
        assertThat(call("GET", path + "?from=yesterday", account.apiKey(), null).json().get("errors").get(0)
                .get("field").asString()).isEqualTo("from");
        assertThat(call("GET", path + "?cursor=garbage", account.apiKey(), null).status()).isEqualTo(400);
    }

    @Test
    void goneMakesTheWebhookInactiveThroughTheChangelog() {
        TestAccount account = newAccount("FREE");
        String webhookId = newWebhook(account, "gone", "https://example.com/gone").get("id").asString();

        publish(attempt(account, webhookId, "evt_g", 1, Instant.now(), DeliveryState.GONE, 410, null, "{}"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                call("GET", "/v1/webhooks/" + webhookId, account.apiKey(), null).json().get("status").asString())
                .isEqualTo("INACTIVE"));
        List<ConsumerRecord<String, byte[]>> changes = readTopic(topics.webhooksChangelog(),
                r -> r.key().equals(webhookId), 2);
        assertThat(Json.mapper().readValue(changes.getLast().value(), WebhookDefinition.class).status())
                .isEqualTo(WebhookStatus.INACTIVE);
    }

    @Test
    void resendQueuesTheStoredBodyForDispatch() {
        TestAccount account = newAccount("FREE");
        String webhookId = newWebhook(account, "resent", "https://example.com/resend").get("id").asString();
        String body = "{\"id\":\"evt_r\",\"event\":\"sale.created\",\"data\":{\"amount\":1.50}}";
        String deliveryId = Ids.deliveryId("evt_r", webhookId);
        publish(attempt(account, webhookId, "evt_r", 1, Instant.now(), DeliveryState.SUCCEEDED, 200, null, body));
        awaitLogged(account, webhookId, 1);

        Answer resent = call("POST", "/v1/deliveries/" + deliveryId + "/resend", account.apiKey(), null);

        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.json().get("deliveryIds").get(0).asString()).isEqualTo(deliveryId);
        ConsumerRecord<String, byte[]> record = readTopic(topics.redeliver(),
                r -> deliveryId.equals(PendingDelivery.text(r.headers(), PendingDelivery.DELIVERY_ID)), 1).getFirst();
        PendingDelivery pending = PendingDelivery.readFrom(record.key(), record.headers(), record.value());
        assertThat(record.key()).isEqualTo(account.id());
        assertThat(pending.attempts()).isZero();
        assertThat(pending.failedAt()).isNull();
        assertThat(pending.webhookId()).isEqualTo(webhookId);
        assertThat(pending.eventId()).isEqualTo("evt_r");
        assertThat(pending.event()).isEqualTo("sale.created");
        assertThat(new String(pending.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void resendAndRedriveRefuseWhatTheyCannotDo() {
        TestAccount account = newAccount("FREE");
        TestAccount other = newAccount("FREE");
        String webhookId = newWebhook(account, "refusals", "https://example.com/refuse").get("id").asString();
        String withoutBody = Ids.deliveryId("evt_nb", webhookId);
        String succeeded = Ids.deliveryId("evt_ok", webhookId);
        publish(attempt(account, webhookId, "evt_nb", 2, Instant.now(), DeliveryState.FAILED, 500, null, null));
        publish(attempt(account, webhookId, "evt_ok", 1, Instant.now(), DeliveryState.SUCCEEDED, 200, null, "{}"));
        awaitLogged(account, webhookId, 2);

        assertThat(call("POST", "/v1/deliveries/dlv_unknown/resend", account.apiKey(), null).status()).isEqualTo(404);
        assertThat(call("POST", "/v1/deliveries/" + succeeded + "/resend", other.apiKey(), null).status())
                .isEqualTo(404);
        assertThat(call("POST", "/v1/deliveries/" + succeeded + "/redrive", other.apiKey(), null).status())
                .isEqualTo(404);
        assertThat(call("POST", "/v1/deliveries/" + withoutBody + "/resend", account.apiKey(), null).status())
                .isEqualTo(409);
        assertThat(call("POST", "/v1/deliveries/" + succeeded + "/redrive", account.apiKey(), null).status())
                .isEqualTo(409);
        assertThat(call("POST", "/v1/webhooks/" + webhookId + "/deliveries/redrive", other.apiKey(), null).status())
                .isEqualTo(404);
        assertThat(call("POST", "/v1/webhooks/" + webhookId + "/deliveries/redrive?since=soon", account.apiKey(), null)
                .status()).isEqualTo(400);
    }

    @Test
    void redriveSendsDeadDeliveriesToTheFirstRetryStep() {
        TestAccount account = newAccount("FREE");
        String webhookId = newWebhook(account, "dead", "https://example.com/dead").get("id").asString();
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        for (String event : List.of("evt_d1", "evt_d2")) {
            publish(attempt(account, webhookId, event, 1, start, DeliveryState.RETRYING, 503, null,
                    "{\"id\":\"" + event + "\"}"));
            publish(attempt(account, webhookId, event, 6, start.plusSeconds(600), DeliveryState.FAILED, 503, null,
                    null));
        }
        awaitLogged(account, webhookId, 4);
        String single = Ids.deliveryId("evt_d1", webhookId);
        String bulk = Ids.deliveryId("evt_d2", webhookId);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Answer one = call("POST", "/v1/deliveries/" + single + "/redrive", account.apiKey(), null);
        Answer again = call("POST", "/v1/deliveries/" + single + "/redrive", account.apiKey(), null);
        Answer rest = call("POST", "/v1/webhooks/" + webhookId + "/deliveries/redrive?since=" + start,
                account.apiKey(), null);

        assertThat(one.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(409);
        assertThat(rest.status()).isEqualTo(202);
        assertThat(rest.json().get("count").asInt()).isEqualTo(1);
        assertThat(rest.json().get("deliveryIds").get(0).asString()).isEqualTo(bulk);
        List<ConsumerRecord<String, byte[]>> records = readTopic(topics.retry(1), r -> List.of(single, bulk)
                .contains(PendingDelivery.text(r.headers(), PendingDelivery.DELIVERY_ID)), 2);
        assertThat(records).hasSize(2);
        List<String> bodies = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            PendingDelivery pending = PendingDelivery.readFrom(record.key(), record.headers(), record.value());
            assertThat(pending.accountId()).isEqualTo(account.id());
            assertThat(pending.attempts()).isEqualTo(1);
            assertThat(pending.failedAt()).isBetween(before, Instant.now());
            assertThat(pending.lastStatus()).isEqualTo(503);
            bodies.add(new String(pending.body(), StandardCharsets.UTF_8));
        }
        assertThat(bodies).containsExactlyInAnyOrder("{\"id\":\"evt_d1\"}", "{\"id\":\"evt_d2\"}");
    }

    @Test
    void unreadableAttemptRecordsAreSkippedWithoutBlockingTheLog() {
        TestAccount account = newAccount("FREE");
        String webhookId = newWebhook(account, "robust", "https://example.com/robust").get("id").asString();

        produce(topics.attempts(), account.id(), "not json".getBytes(StandardCharsets.UTF_8));
        produce(topics.attempts(), account.id(), "{\"deliveryId\":\"dlv_incomplete\"}".getBytes(StandardCharsets.UTF_8));
        publish(attempt(account, webhookId, "evt_after", 1, Instant.now(), DeliveryState.SUCCEEDED, 204, null, "{}"));

        awaitLogged(account, webhookId, 1);
    }

    private void awaitLogged(TestAccount account, String webhookId, int attempts) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(call("GET",
                "/v1/webhooks/" + webhookId + "/deliveries", account.apiKey(), null).json().get("data").size())
                .isEqualTo(attempts));
    }

    private void publish(DeliveryAttempt attempt) {
        produce(topics.attempts(), attempt.accountId(), Json.mapper().writeValueAsBytes(attempt));
    }

    private static DeliveryAttempt attempt(TestAccount account, String webhookId, String eventId, int n, Instant at,
            DeliveryState state, @Nullable Integer status, @Nullable String error, @Nullable String payload) {
        return new DeliveryAttempt(Ids.deliveryId(eventId, webhookId), account.id(), webhookId, eventId,
                "sale.created", n, at, 120, status, error, null, status == null ? null : "upstream said " + status,
                state, payload);
    }
}
