package com.monitorflow.webhooks.registry.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;

import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.TopicNames;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The lag view against a real broker: held back, released, waiting on a retry topic, empty groups. */
class ConsumerLagReaderIT {

    private static final String DISPATCH = "dispatch-service";
    private static final String RETRY = "monitorflow-retry";
    private static final String NEVER_STARTED = "never-started";
    private static final TopicNames TOPICS = TopicNames.defaults();

    private static EmbeddedKafkaKraftBroker broker;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;
    private static ConsumerLagReader reader;

    @BeforeAll
    static void startBroker() {
        for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
        }
        broker = new EmbeddedKafkaKraftBroker(1, 3, TOPICS.sale(), TOPICS.question(), TOPICS.retry(1));
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        Map<String, Object> heads = consumerConfig(null);
        reader = new ConsumerLagReader(admin, () -> new KafkaConsumer<>(heads), TOPICS, RetryStepDelays.defaults(),
                List.of(DISPATCH, RETRY, NEVER_STARTED), Duration.ofSeconds(5), Clock.systemUTC());
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        admin.close();
        broker.destroy();
    }

    @Test
    void lagRisesWhileAStreamIsHeldBackAndDrainsWhenReleased() throws Exception {
        var partition = new TopicPartition(TOPICS.sale(), 0);
        commit(DISPATCH, Map.of(partition, 0L));
        Instant minuteAgo = Instant.now().minusSeconds(60);

        sendEvents(partition, 5, minuteAgo);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            GroupLag group = reader.read().group(DISPATCH).orElseThrow();
            assertThat(group.members()).isZero();
            assertThat(group.totalLag()).isEqualTo(5);
            assertThat(group.partitions()).singleElement().satisfies(p -> {
                assertThat(p.committedOffset()).isZero();
                assertThat(p.endOffset()).isEqualTo(5);
                assertThat(p.lagSeconds()).isBetween(59.0, 120.0);
            });
        });

        sendEvents(partition, 3, Instant.now());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(reader.read().group(DISPATCH).orElseThrow().totalLag()).isEqualTo(8));

        try (var consumer = new KafkaConsumer<byte[], byte[]>(consumerConfig(DISPATCH))) {
            consumer.subscribe(List.of(TOPICS.sale()));
            int[] consumed = {0};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumed[0] += consumer.poll(Duration.ofMillis(200)).count();
                consumer.commitSync();
                return consumed[0] >= 8;
            });

            GroupLag running = reader.read().group(DISPATCH).orElseThrow();

            assertThat(running.members()).isEqualTo(1);
            assertThat(running.totalLag()).isZero();
            assertThat(running.maxLagSeconds()).isZero();
            assertThat(running.partitions()).extracting(PartitionLag::partition).contains(0, 1, 2);
        }
    }

    @Test
    void retryRecordsNotDueAreWaitingAndDueOnesAreLag() throws Exception {
        Instant now = Instant.now();
        Instant longAgo = now.minus(Duration.ofMinutes(5));
        var notDue = new TopicPartition(TOPICS.retry(1), 0);
        var overdue = new TopicPartition(TOPICS.retry(1), 1);
        var askedForMoreTime = new TopicPartition(TOPICS.retry(1), 2);
        commit(RETRY, Map.of(notDue, 0L, overdue, 0L, askedForMoreTime, 0L));

        for (int i = 0; i < 3; i++) {
            sendPending(notDue, now, null);
        }
        sendPending(overdue, longAgo, null);
        sendPending(overdue, longAgo, null);
        sendPending(overdue, now, null);
        // Failed long ago, asked for more time and was moved to this step just now: its turn is ahead.
        sendPending(askedForMoreTime, longAgo, now.plus(Duration.ofMinutes(10)), now);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            GroupLag group = reader.read().group(RETRY).orElseThrow();
            assertThat(group.members()).isZero();
            assertThat(group.partitions()).satisfiesExactly(
                    p0 -> assertThat(p0).extracting(PartitionLag::lag, PartitionLag::waiting, PartitionLag::lagSeconds)
                            .containsExactly(0L, 3L, 0.0),
                    p1 -> {
                        assertThat(p1.lag()).isEqualTo(2);
                        assertThat(p1.waiting()).isEqualTo(1);
                        assertThat(p1.lagSeconds()).isBetween(269.0, 330.0);
                    },
                    p2 -> assertThat(p2).extracting(PartitionLag::lag, PartitionLag::waiting)
                            .containsExactly(0L, 1L));
            assertThat(group.totalWaiting()).isEqualTo(5);
            assertThat(group.totalLag()).isEqualTo(2);
        });
    }

    @Test
    void transactionMarkersAfterTheCommittedOffsetAreNotLag() throws Exception {
        var partition = new TopicPartition(TOPICS.question(), 0);
        try (var transactional = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lag-reader-test",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            transactional.initTransactions();
            transactional.beginTransaction();
            for (int i = 0; i < 3; i++) {
                transactional.send(new ProducerRecord<>(partition.topic(), partition.partition(),
                        "acc_1".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)));
            }
            transactional.commitTransaction();
        }

        commit(DISPATCH, Map.of(partition, 3L));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(reader.read().group(DISPATCH).orElseThrow().partitions())
                        .filteredOn(p -> p.topic().equals(TOPICS.question()))
                        .singleElement().satisfies(p -> {
                            assertThat(p.endOffset()).isEqualTo(4);
                            assertThat(p.lag()).isZero();
                            assertThat(p.lagSeconds()).isZero();
                        }));
    }

    @Test
    void groupWithoutMembersOrOffsetsIsStillShown() {
        LagSnapshot snapshot = reader.read();

        assertThat(snapshot.groups()).extracting(GroupLag::groupId).containsExactly(DISPATCH, RETRY, NEVER_STARTED);
        GroupLag never = snapshot.group(NEVER_STARTED).orElseThrow();
        assertThat(never.members()).isZero();
        assertThat(never.partitions()).isEmpty();
        assertThat(never.totalLag()).isZero();
    }

    private static void sendEvents(TopicPartition partition, int count, Instant writtenAt) throws Exception {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), writtenAt.toEpochMilli(),
                    "acc_1".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static void sendPending(TopicPartition partition, Instant failedAt, Instant notBefore) throws Exception {
        sendPending(partition, failedAt, notBefore, null);
    }

    private static void sendPending(TopicPartition partition, Instant failedAt, Instant notBefore, Instant movedAt)
            throws Exception {
        var pending = new PendingDelivery("dlv_1", "acc_1", "whk_1", "evt_1", "sale.created", 1, failedAt, notBefore,
                500, "HTTP 500", "{}".getBytes(StandardCharsets.UTF_8));
        var headers = new RecordHeaders();
        pending.writeTo(headers);
        Instant writtenAt = failedAt;
        if (movedAt != null) {
            headers.add(PendingDelivery.MOVED_AT,
                    Long.toString(movedAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
            writtenAt = movedAt;
        }
        producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), writtenAt.toEpochMilli(),
                "acc_1".getBytes(StandardCharsets.UTF_8), pending.body(), headers)).get();
    }

    private static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, commits).all().get();
    }

    private static Map<String, Object> consumerConfig(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return config;
    }
}
