package com.monitorflow.webhooks.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.NormalizedEvent;
import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookSignature;
import com.monitorflow.webhooks.model.WebhookStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.ObjectNode;

/** The application as it runs: configuration, topic creation, actuator and one delivery end to end. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "monitorflow.endpoints.allow-http=true",
        "monitorflow.endpoints.allow-loopback=true",
        "monitorflow.dispatch.attempt-timeout=2s"})
@EmbeddedKafka(partitions = 6, topics = {"events.sqs", "events.sale", "events.question", "deliveries.redeliver",
        "deliveries.retry.1", "webhooks.changelog"})
class DispatchApplicationIT {

    private static final String KEY = SecretCipher.generateKey();
    private static TestReceiver receiver;

    @LocalServerPort
    private int port;

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private TopicNames topics;

    @DynamicPropertySource
    static void secrets(DynamicPropertyRegistry registry) {
        registry.add("monitorflow.secrets.encryption-key", () -> KEY);
    }

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new TestReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void deliversAnEventAndExposesHealthAndMetrics() throws Exception {
        var webhook = new WebhookDefinition(Ids.newWebhookId(Clock.systemUTC()), "acc_app", "app",
                receiver.url("acc_app", "hook"), Set.of(EventCategory.SALE), WebhookStatus.ACTIVE,
                new SecretCipher(KEY).seal("app-secret"), Instant.now());
        ObjectNode data = Json.mapper().createObjectNode().put("total", "9.90");
        var event = new NormalizedEvent(Ids.newEventId(Clock.systemUTC()), "acc_app", "sale.completed",
                Instant.now(), data);

        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topics.webhooksChangelog(), webhook.id(),
                    Json.mapper().writeValueAsBytes(webhook))).get();
            producer.send(new ProducerRecord<>(topics.sale(), event.accountId(),
                    Json.mapper().writeValueAsBytes(event))).get();
            var forNobody = new NormalizedEvent(Ids.newEventId(Clock.systemUTC()), "acc_unknown", "sale.completed",
                    Instant.now(), data);
            producer.send(new ProducerRecord<>(topics.sale(), forNobody.accountId(),
                    Json.mapper().writeValueAsBytes(forNobody))).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.receivedBy("acc_app", "hook").size() == 1);
        var received = receiver.receivedBy("acc_app", "hook").getFirst();
        assertThat(WebhookSignature.verify(received.body(), received.header("X-MonitorFlow-Signature"), "app-secret"))
                .isTrue();
        assertThat(received.header("User-Agent")).matches("MonitorFlow-Webhooks/\\d+\\.\\d+\\.\\d+.*");
        assertThat(get("/actuator/health")).contains("\"status\":\"UP\"");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/actuator/prometheus"))
                .contains("monitorflow_dispatch_in_flight")
                .contains("monitorflow_dispatch_attempts_total{outcome=\"succeeded\",status=\"2xx\"")
                .contains("monitorflow_dispatch_end_to_end_seconds_bucket")
                .contains("monitorflow_dispatch_events_total{outcome=\"fanned_out\"} 1.0")
                .contains("monitorflow_dispatch_events_total{outcome=\"no_webhook\"} 1.0")
                .contains("monitorflow_dispatch_events_total{outcome=\"unreadable\"} 0.0"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            var description = admin.describeTopics(Set.of(topics.attempts())).allTopicNames().get();
            assertThat(description.get(topics.attempts()).partitions()).hasSize(topics.partitions());
        }
    }

    private String get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
