package com.monitorflow.webhooks.retry.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.retry.RetryApplication;
import com.monitorflow.webhooks.retry.schedule.RetrySchedule;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the retry-service integration tests share: one embedded broker per test class, topics named
 * per test so tests never see each other's records, retry-service instances started and stopped
 * as whole application contexts, a producer that writes failures as dispatch does, and a recorder
 * of what arrives on the redeliver and dead-letter topics.
 */
final class RetryTestKit implements AutoCloseable {

    static final int PARTITIONS = 2;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final EmbeddedKafkaKraftBroker broker;
    private final KafkaProducer<byte[], byte[]> producer;

    RetryTestKit() {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Topic names of one test: {@code <ns>.retry.N}, {@code <ns>.redeliver}, {@code <ns>.dead}. */
    static TopicNames topics(String namespace) {
        TopicNames d = TopicNames.defaults();
        return new TopicNames(d.inbound(), d.sqs(), d.sale(), d.question(), d.rejected(), d.webhooksChangelog(),
                d.attempts(), namespace + ".retry.", 5, namespace + ".redeliver", namespace + ".dead", PARTITIONS, 1);
    }

    /** A fresh namespace for one test. */
    static String namespace(String test) {
        return test + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Starts a retry-service instance on the topics of {@code namespace} with the schedule {@code delays}
     * (comma-separated durations) and no jitter unless {@code extra} sets it.
     */
    ConfigurableApplicationContext startRetryService(String namespace, String delays, String... extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
        properties.put("spring.kafka.client-id", "retry-" + INSTANCES.incrementAndGet());
        properties.put("monitorflow.topics.retry-prefix", namespace + ".retry.");
        properties.put("monitorflow.topics.redeliver", namespace + ".redeliver");
        properties.put("monitorflow.topics.dead", namespace + ".dead");
        properties.put("monitorflow.topics.partitions", PARTITIONS);
        properties.put("monitorflow.retry.group-id", namespace + "-retry");
        properties.put("monitorflow.retry.delays", delays);
        properties.put("monitorflow.retry.jitter-ratio", "0");
        properties.put("monitorflow.retry.max-poll-wait", "500ms");
        properties.put("monitorflow.retry.lag-refresh", "200ms");
        properties.put("management.metrics.use-global-registry", "false");
        properties.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
        properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "500");
        properties.put("logging.level.org.apache.kafka", "WARN");
        properties.put("logging.level.kafka", "WARN");
        boolean web = false;
        for (String pair : extra) {
            int eq = pair.indexOf('=');
            properties.put(pair.substring(0, eq), pair.substring(eq + 1));
            web |= pair.startsWith("server.port=");
        }
        // Command-line arguments, because default properties lose to application.yml (server.port).
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RetryApplication.class)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .run(arguments);
        await().atMost(Duration.ofSeconds(15)).until(() -> assignedPartitions(context) > 0);
        return context;
    }

    /** How many delay-topic partitions the instance owns right now. */
    static int assignedPartitions(ConfigurableApplicationContext context) {
        return context.getBean(RetryRelay.class).status().assignedPartitions();
    }

    /** Writes {@code delivery} to {@code topic} as dispatch does, optionally to a chosen partition. */
    void send(String topic, @Nullable Integer partition, PendingDelivery delivery) {
        Headers headers = new RecordHeaders();
        delivery.writeTo(headers);
        sendRaw(topic, partition, delivery.accountId().getBytes(StandardCharsets.UTF_8), delivery.body(), headers);
    }

    void sendRaw(String topic, @Nullable Integer partition, byte @Nullable [] key, byte @Nullable [] value,
            Headers headers) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, value, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Starts recording everything written to the redeliver and dead-letter topics of {@code topics}. */
    Recorder record(TopicNames topics) {
        return new Recorder(broker.getBrokersAsString(), List.of(topics.redeliver(), topics.dead()));
    }

    static PendingDelivery failure(String deliveryId, String accountId, int attempts, Instant failedAt,
            @Nullable Instant notBefore) {
        return new PendingDelivery(deliveryId, accountId, "whk_" + deliveryId, "evt_" + deliveryId, "sale.created",
                attempts, failedAt.truncatedTo(ChronoUnit.MILLIS),
                notBefore == null ? null : notBefore.truncatedTo(ChronoUnit.MILLIS), 500, "HTTP 500",
                ("{\"id\":\"evt_" + deliveryId + "\",\"attempt\":" + attempts + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The current time at the precision headers carry it (milliseconds). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static RetrySchedule scheduleOf(ConfigurableApplicationContext context) {
        return context.getBean(RetrySchedule.class);
    }

    /** Whether the instance holds back (has paused) partition {@code partition} of {@code topic}. */
    static boolean holds(ConfigurableApplicationContext context, String topic, int partition) {
        return context.getBean(PartitionWaits.class).isHeld(new TopicPartition(topic, partition));
    }

    /** Asserts that {@code record} was handed on no earlier than {@code due} and at most a second after. */
    static void assertHandedOnInTime(ConsumerRecord<byte[], byte[]> record, Instant due) {
        assertThat(record.timestamp())
                .as("handed on at %s for due time %s", Instant.ofEpochMilli(record.timestamp()), due)
                .isBetween(due.toEpochMilli(), due.toEpochMilli() + 1000);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        String value = PendingDelivery.text(record.headers(), name);
        assertThat(value).as("header %s", name).isNotNull();
        return value;
    }

    /** The value of a counter, or zero while nothing has been counted under those tags. */
    static double count(ConfigurableApplicationContext context, String name, String... tags) {
        var counter = context.getBean(MeterRegistry.class).find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The value of a gauge, or NaN while it is not registered. */
    static double gauge(ConfigurableApplicationContext context, String name, String... tags) {
        var gauge = context.getBean(MeterRegistry.class).find(name).tags(tags).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        broker.destroy();
    }

    /** Collects records from some topics on a thread of its own, in the order each topic delivers them. */
    static final class Recorder implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        private Recorder(String brokers, List<String> topics) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                    ConsumerConfig.GROUP_ID_CONFIG, "recorder-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            consumer.subscribe(topics);
            thread = new Thread(this::poll, "test-recorder");
            thread.start();
        }

        private void poll() {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        List<ConsumerRecord<byte[], byte[]>> on(String topic) {
            return records.stream().filter(r -> r.topic().equals(topic)).toList();
        }

        List<String> deliveryIdsOn(String topic) {
            return on(topic).stream().map(r -> header(r, PendingDelivery.DELIVERY_ID)).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5000);
        }
    }
}
