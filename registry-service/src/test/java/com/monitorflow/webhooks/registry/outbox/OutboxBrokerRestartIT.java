package com.monitorflow.webhooks.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookStatus;
import com.monitorflow.webhooks.registry.IntegrationTestSupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Takes the registry's broker away for real and brings it back on the same address and log
 * directory: webhook changes made meanwhile succeed through the API, wait in the outbox, and reach
 * {@code webhooks.changelog} in commit order once the broker is back.
 *
 * <p>The class has its own Spring context, broker and database (not those of
 * {@link IntegrationTestSupport}), so that no other context's outbox publisher can take its changes
 * and no other test sees its broker go away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "monitorflow.registry.admin-key=" + IntegrationTestSupport.ADMIN_KEY,
    "monitorflow.secrets.encryption-key=" + IntegrationTestSupport.ENCRYPTION_KEY,
    "monitorflow.topics.partitions=2",
    "monitorflow.registry.outbox.poll-interval=100ms",
    "monitorflow.registry.outbox.send-timeout=2s",
    "spring.kafka.producer.properties.max.block.ms=1000",
    "spring.kafka.producer.properties.request.timeout.ms=1000",
    "spring.kafka.producer.properties.delivery.timeout.ms=1500",
    "spring.kafka.producer.properties.reconnect.backoff.max.ms=200",
    "spring.kafka.consumer.properties.reconnect.backoff.max.ms=200",
    "spring.kafka.listener.missing-topics-fatal=false",
    "logging.level.org.apache.kafka=ERROR",
    "logging.level.kafka=WARN",
    "logging.level.state.change.logger=WARN"
})
@DirtiesContext
class OutboxBrokerRestartIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final EmbeddedPostgres POSTGRES = IntegrationTestSupport.startPostgres();
    private static final RestartableBroker BROKER = startBroker();

    @Autowired
    DSLContext dsl;
    @Autowired
    TopicNames topics;
    @Value("${local.server.port}")
    int port;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
    }

    /** Stops the broker once the context's consumers and producer are stopped, not before. */
    @TestConfiguration(proxyBeanMethods = false)
    static class BrokerLifetime {

        @Bean
        SmartLifecycle restartableBrokerShutdown() {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                    BROKER.close();
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return Integer.MIN_VALUE;
                }
            };
        }
    }

    @Test
    void changesMadeWhileTheBrokerIsDownArePublishedInCommitOrderAfterItRestarts() {
        assertThat(bootstrapServers).isEqualTo(BROKER.bootstrapServers());
        TestAccount account = newAccount("PRO");

        String kept = newWebhook(account, "kept", "https://example.com/kept").get("id").asString();
        assertThat(patch(account, kept, Map.of("status", "INACTIVE"))).isEqualTo(200);
        String removedEarly = newWebhook(account, "removed early", "https://example.com/early").get("id").asString();
        assertThat(delete(account, removedEarly)).isEqualTo(204);
        awaitOutboxEmpty();
        Map<String, List<String>> baseline = changelogByWebhook(List.of(kept, removedEarly), 4);
        assertThat(baseline.get(kept)).hasSize(2);
        assertThat(baseline.get(removedEarly)).hasSize(2);
        assertThat(definition(baseline.get(kept).get(1)).status()).isEqualTo(WebhookStatus.INACTIVE);
        assertThat(baseline.get(removedEarly).get(1)).isNull();

        BROKER.stop();
        assertThat(patch(account, kept, Map.of("name", "kept, renamed", "status", "ACTIVE"))).isEqualTo(200);
        String createdDuringOutage = newWebhook(account, "created during outage", "https://example.com/outage")
                .get("id").asString();
        assertThat(patch(account, createdDuringOutage, Map.of("url", "https://example.com/outage/v2"))).isEqualTo(200);
        assertThat(delete(account, kept)).isEqualTo(204);
        List<String> ids = List.of(kept, removedEarly, createdDuringOutage);
        Map<String, List<String>> pending = outboxRowsByWebhook(ids);
        assertThat(pending.get(kept)).hasSize(2);
        assertThat(pending.get(createdDuringOutage)).hasSize(2);
        // The publisher keeps failing while the broker is away, and the changes stay where they are.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                .until(() -> outboxRowsByWebhook(ids).equals(pending));

        BROKER.start();
        awaitOutboxEmpty();

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put(kept, concat(baseline.get(kept), pending.get(kept)));
        expected.put(removedEarly, baseline.get(removedEarly));
        expected.put(createdDuringOutage, pending.get(createdDuringOutage));
        assertThat(changelogByWebhook(ids, 8)).isEqualTo(expected);
        assertThat(definition(expected.get(kept).get(2)).name()).isEqualTo("kept, renamed");
        assertThat(expected.get(kept).get(3)).isNull();
        assertThat(definition(expected.get(createdDuringOutage).get(1)).url()).isEqualTo("https://example.com/outage/v2");
    }

    private record TestAccount(String id, String apiKey) {
    }

    private TestAccount newAccount(String plan) {
        JsonNode created = created(call("POST", "/v1/accounts", IntegrationTestSupport.ADMIN_KEY,
                Map.of("name", "Outage account", "plan", plan)));
        return new TestAccount(created.get("id").asString(), created.get("apiKey").asString());
    }

    private JsonNode newWebhook(TestAccount account, String name, String url) {
        return created(call("POST", "/v1/webhooks", account.apiKey(),
                Map.of("name", name, "url", url, "eventCategories", List.of("sale"))));
    }

    private int patch(TestAccount account, String webhookId, Map<String, String> changes) {
        return call("PATCH", "/v1/webhooks/" + webhookId, account.apiKey(), changes).statusCode();
    }

    private int delete(TestAccount account, String webhookId) {
        return call("DELETE", "/v1/webhooks/" + webhookId, account.apiKey(), null).statusCode();
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.mapper().readTree(response.body());
    }

    private HttpResponse<String> call(String method, String path, String key, @Nullable Object body) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitOutboxEmpty() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> dsl.fetchCount(dsl.selectOne().from("webhook_outbox")) == 0);
    }

    /** The outbox rows of {@code ids}, each webhook's in commit order; a tombstone is null. */
    private Map<String, List<String>> outboxRowsByWebhook(List<String> ids) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String id : ids) {
            rows.put(id, new ArrayList<>());
            dsl.fetch("SELECT definition FROM webhook_outbox WHERE webhook_id = ? ORDER BY id", id)
                    .forEach(r -> rows.get(id).add(r.get(0, String.class)));
        }
        return rows;
    }

    /**
     * Reads the whole changelog with a consumer of its own until {@code expected} records of
     * {@code ids} have arrived, and returns each webhook's values in offset order.
     */
    private Map<String, List<String>> changelogByWebhook(List<String> ids, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, List<String>> values = new LinkedHashMap<>();
        ids.forEach(id -> values.put(id, new ArrayList<>()));
        int found = 0;
        try (var consumer = new KafkaConsumer<String, byte[]>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.webhooksChangelog(), Duration.ofSeconds(10))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    List<String> ofWebhook = values.get(record.key());
                    if (ofWebhook != null) {
                        ofWebhook.add(record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
                        found++;
                    }
                }
            }
            // Anything beyond the expected records (a duplicate, say) would show up in one more poll.
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                List<String> ofWebhook = values.get(record.key());
                if (ofWebhook != null) {
                    ofWebhook.add(record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static WebhookDefinition definition(String json) {
        return Json.mapper().readValue(json, WebhookDefinition.class);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static RestartableBroker startBroker() {
        RestartableBroker broker = RestartableBroker.startFresh();
        // In case the context never starts; closing twice is harmless.
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        return broker;
    }
}
