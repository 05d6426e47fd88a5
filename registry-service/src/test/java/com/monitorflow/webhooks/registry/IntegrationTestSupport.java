package com.monitorflow.webhooks.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.monitorflow.webhooks.model.Json;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The base of every integration test: one real PostgreSQL and one real Kafka broker per test JVM,
 * and one Spring context that every test class shares (they all declare the same configuration).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "monitorflow.registry.admin-key=" + IntegrationTestSupport.ADMIN_KEY,
    "monitorflow.secrets.encryption-key=" + IntegrationTestSupport.ENCRYPTION_KEY,
    "monitorflow.topics.partitions=2",
    "monitorflow.registry.outbox.poll-interval=50ms",
    "monitorflow.registry.outbox.send-timeout=3s",
    "spring.kafka.producer.properties.max.block.ms=1500",
    "spring.kafka.producer.properties.request.timeout.ms=1500",
    "spring.kafka.producer.properties.delivery.timeout.ms=3000",
    "spring.kafka.consumer.auto-offset-reset=earliest",
    "spring.kafka.consumer.properties.metadata.max.age.ms=1000",
    "spring.kafka.listener.missing-topics-fatal=false",
    "logging.level.org.apache.kafka=WARN",
    "logging.level.kafka=WARN",
    "logging.level.org.apache.zookeeper=WARN",
    "logging.level.state.change.logger=WARN"
})
public abstract class IntegrationTestSupport {

    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    public static final String ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected static final EmbeddedPostgres POSTGRES = startPostgres();
    protected static final EmbeddedKafkaKraftBroker KAFKA = startKafka();

    @Value("${local.server.port}")
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
    }

    /** A fresh embedded PostgreSQL, stopped when the test JVM exits. */
    public static EmbeddedPostgres startPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // The JVM is going away anyway.
                }
            }));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedKafkaKraftBroker startKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        return broker;
    }

    /** An HTTP answer with its body read as JSON (null when empty). */
    public record Answer(int status, @Nullable JsonNode body, HttpResponse<String> raw) {

        public JsonNode json() {
            return java.util.Objects.requireNonNull(body, "empty body");
        }

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }
    }

    protected Answer call(String method, String path, @Nullable String key, @Nullable Object body) {
        String json = body == null ? null : body instanceof String s ? s : Json.mapper().writeValueAsString(body);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() || !response.headers().firstValue("Content-Type")
                    .orElse("").contains("json") ? null : Json.mapper().readTree(response.body());
            return new Answer(response.statusCode(), parsed, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new account on {@code plan}; returns its id and API key. */
    protected TestAccount newAccount(String plan) {
        Answer created = call("POST", "/v1/accounts", ADMIN_KEY, Map.of("name", "Test account", "plan", plan));
        if (created.status() != 201) {
            throw new IllegalStateException("Account creation failed: " + created.raw().body());
        }
        return new TestAccount(created.json().get("id").asString(), created.json().get("apiKey").asString());
    }

    /** A new webhook of {@code account} at {@code url}; returns the created webhook with its secret. */
    protected JsonNode newWebhook(TestAccount account, String name, String url) {
        Answer created = call("POST", "/v1/webhooks", account.apiKey(),
                Map.of("name", name, "url", url, "eventCategories", java.util.List.of("sale", "sqs")));
        if (created.status() != 201) {
            throw new IllegalStateException("Webhook creation failed: " + created.raw().body());
        }
        return created.json();
    }

    public record TestAccount(String id, String apiKey) {
    }

    /**
     * Reads {@code topic} from the beginning until {@code expected} records that {@code wanted}
     * accepts have arrived (within 20 seconds), and returns those records in partition order.
     */
    protected static List<ConsumerRecord<String, byte[]>> readTopic(String topic,
            Predicate<ConsumerRecord<String, byte[]>> wanted, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.partitionsFor(topic).isEmpty());
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Writes {@code value} to {@code topic} under {@code key} and waits for the broker's ack. */
    protected static void produce(String topic, String key, byte[] value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (var producer = new KafkaProducer<String, byte[]>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce to " + topic, e);
        }
    }
}
