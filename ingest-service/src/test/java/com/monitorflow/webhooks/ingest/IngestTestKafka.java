package com.monitorflow.webhooks.ingest;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real single-node broker for one test class, with helpers to feed and read its topics. */
public final class IngestTestKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final KafkaProducer<byte[], byte[]> producer;

    public IngestTestKafka() {
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperties(brokerProperties());
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Settings a one-node broker needs for transactions, shared with the benchmark. The longer
     * broker session keeps a CPU-starved test machine from fencing its only broker, which would
     * move partition leadership in the middle of a test.
     */
    public static Map<String, String> brokerProperties() {
        return Map.of(
                "broker.session.timeout.ms", "60000",
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "3",
                "offsets.topic.num.partitions", "3");
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /**
     * Starts ingest on this broker, with small topics and quiet logs; {@code properties} come last.
     * They are passed as command-line arguments so that they win over {@code application.yml}.
     */
    public ConfigurableApplicationContext startIngest(String... properties) {
        var all = new LinkedHashMap<String, String>();
        for (String property : List.of(
                "spring.kafka.bootstrap-servers=" + bootstrapServers(),
                "spring.main.banner-mode=off",
                "server.port=0",
                "monitorflow.topics.partitions=3",
                "spring.kafka.listener.concurrency=1",
                "spring.kafka.producer.properties.linger.ms=1",
                "logging.level.org.apache.kafka=WARN",
                "logging.level.kafka=WARN")) {
            put(all, property);
        }
        for (String property : properties) {
            put(all, property);
        }
        return new SpringApplicationBuilder(IngestApplication.class)
                .run(all.entrySet().stream()
                        .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                        .toArray(String[]::new));
    }

    private static void put(Map<String, String> properties, String property) {
        int equals = property.indexOf('=');
        properties.put(property.substring(0, equals), property.substring(equals + 1));
    }

    /** Sends one inbound record and waits for the broker to store it. */
    public RecordMetadata send(String topic, byte @Nullable [] key, byte @Nullable [] value, RecordHeaders headers) {
        try {
            return producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not send a test record", e);
        }
    }

    public RecordMetadata send(String topic, @Nullable String key, String value) {
        return send(topic, key == null ? null : utf8(key), utf8(value), new RecordHeaders());
    }

    /** Sends without waiting; {@link #flush()} waits for all. */
    public void sendAsync(String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Waits until {@code topic} holds at least {@code count} committed records matching
     * {@code filter}, then reads on to the end of the topic and returns every matching record.
     */
    public List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int count,
            Predicate<ConsumerRecord<byte[], byte[]>> filter) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (var consumer = readCommittedConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (filter.test(record)) {
                        found.add(record);
                    }
                });
                return found.size() >= count && atEnd(consumer, partitions);
            });
        }
        return found;
    }

    /** Every committed record of {@code topic} whose key is {@code key}, once at least {@code count} are there. */
    public List<ConsumerRecord<byte[], byte[]>> awaitRecordsWithKey(String topic, String key, int count) {
        return awaitRecords(topic, count, record -> record.key() != null && key.equals(text(record.key())));
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
    }

    private KafkaConsumer<byte[], byte[]> readCommittedConsumer() {
        var properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Properties producerProperties() {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576");
        // A plain producer, like most upstream producers: an idempotent one can be stuck retrying
        // OUT_OF_ORDER_SEQUENCE_NUMBER forever after partition leadership moves on a starved broker.
        // One request in flight keeps the order, so tests can still assert it.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return properties;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static String header(ConsumerRecord<?, ?> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? "<absent>" : text(header.value());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        broker.destroy();
    }
}
