package com.monitorflow.webhooks.localstack.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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

/**
 * The broker's own ceiling, on a scratch topic with as many partitions as the event topics:
 * 1 KB records keyed like accounts, produced with {@code acks=all} while a consumer reads them
 * back, and the latency of one hop (send to poll) at a modest fixed rate.
 */
final class BrokerCeiling {

    private static final String TOPIC = "bench.ceiling";
    private static final int RECORD_BYTES = 1024;

    /**
     * @param produceRate records/s acknowledged by the broker
     * @param produceAndConsumeRate records/s from the first send until a concurrent consumer has
     *     read them all
     * @param hop one hop's latency, send to poll, at {@code hopRate} records/s
     * @param hopRate the rate the hop latency was measured at
     */
    record Result(double produceRate, double produceAndConsumeRate, Latency hop, int hopRate) {
    }

    private BrokerCeiling() {
    }

    static Result measure(String bootstrap, int partitions, int records, int hopRate, Duration hopDuration)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
            awaitLeaders(admin, partitions);
            try {
                List<TopicPartition> all = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    all.add(new TopicPartition(TOPIC, p));
                }
                double[] rates = throughput(bootstrap, all, records);
                Latency hop = hopLatency(bootstrap, all, hopRate, hopDuration);
                return new Result(rates[0], rates[1], hop, hopRate);
            } finally {
                admin.deleteTopics(List.of(TOPIC)).all().get();
            }
        }
    }

    /** Waits until every partition of the new topic has a leader, so the first sends are not refused. */
    private static void awaitLeaders(Admin admin, int partitions) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
            if (description != null && description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(100);
        }
    }

    private static double[] throughput(String bootstrap, List<TopicPartition> partitions, int records)
            throws InterruptedException {
        byte[] value = new byte[RECORD_BYTES];
        java.util.Arrays.fill(value, (byte) 'x');
        AtomicReference<Long> consumedAt = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().name("bench-ceiling-consumer").start(() -> {
            try (var consumer = consumer(bootstrap)) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                long seen = 0;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (seen < records && System.nanoTime() < deadline) {
                    seen += consumer.poll(Duration.ofMillis(200)).count();
                }
                if (seen >= records) {
                    consumedAt.set(System.nanoTime());
                }
            }
        });
        long started = System.nanoTime();
        long produced;
        try (var producer = producer(bootstrap, 5)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "acc_" + (i % 48), value));
            }
            producer.flush();
            produced = System.nanoTime();
        }
        reader.join(TimeUnit.MINUTES.toMillis(2));
        Long consumed = consumedAt.get();
        double produceRate = records / seconds(produced - started);
        double bothRate = consumed == null ? 0 : records / seconds(consumed - started);
        return new double[] {produceRate, bothRate};
    }

    private static Latency hopLatency(String bootstrap, List<TopicPartition> partitions, int rate, Duration duration)
            throws InterruptedException {
        var micros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        int total = (int) (rate * duration.toMillis() / 1_000);
        Thread reader;
        try (var consumer = consumer(bootstrap)) {
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            reader = Thread.ofPlatform().name("bench-hop-consumer").start(() -> readHops(consumer, total, micros));
            try (var producer = producer(bootstrap, 0)) {
                long start = System.nanoTime();
                long interval = 1_000_000_000L / rate;
                for (int i = 0; i < total; i++) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    byte[] value = new byte[RECORD_BYTES];
                    ByteBuffer.wrap(value).putLong(System.nanoTime());
                    producer.send(new ProducerRecord<>(TOPIC, "acc_" + (i % 48), value));
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        return Latency.ofMicros(micros);
    }

    private static void readHops(KafkaConsumer<String, byte[]> consumer, int total, Histogram micros) {
        int seen = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen < total && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long sent = ByteBuffer.wrap(record.value()).getLong();
                micros.recordValue(Math.max(0, (System.nanoTime() - sent) / 1_000));
                seen++;
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMillis) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMillis,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
