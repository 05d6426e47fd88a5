package com.monitorflow.webhooks.ingest.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.monitorflow.webhooks.ingest.IngestApplication;
import com.monitorflow.webhooks.ingest.IngestTestKafka;
import com.monitorflow.webhooks.ingest.routing.InboundEventListener;
import com.monitorflow.webhooks.model.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Measures ingest against the broker it runs on. On one embedded broker it first times the raw
 * rate of moving 1 KB records through Kafka (produce them all, then consume them all), then the
 * rate of the ingest pipeline for the same number of 1 KB events already waiting on
 * {@code events.inbound}: from the moment the (warmed-up, paused) listener resumes until the
 * consumer offsets committed in its transactions cover every event. Both figures and their ratio are printed.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl ingest-service test-compile exec:java} (optionally
 * {@code -Dexec.args="100000 --spring.kafka.listener.concurrency=1"} for the event count and
 * settings of ingest). Each phase has a warm-up of a fifth of the count.
 */
public final class IngestBenchmark {

    static final int RECORD_BYTES = 1024;
    static final int PARTITIONS = 6;
    static final int ACCOUNTS = 1000;
    static final String GROUP = "ingest";

    private static final TopicNames TOPICS = TopicNames.defaults();

    private IngestBenchmark() {
    }

    /**
     * What one run measured.
     *
     * @param events records per measured phase
     * @param produceSeconds raw: time to produce all records, until the last is acknowledged
     * @param consumeSeconds raw: time to consume all of them
     * @param ingestSeconds ingest: time until every event is committed to its category topic
     * @param routed committed records found on the category topics afterwards
     */
    public record Result(int events, double produceSeconds, double consumeSeconds, double ingestSeconds, long routed) {

        public double rawPerSecond() {
            return events / (produceSeconds + consumeSeconds);
        }

        public double ingestPerSecond() {
            return events / ingestSeconds;
        }

        public double ratio() {
            return ingestPerSecond() / rawPerSecond();
        }

        String report() {
            return String.format(Locale.ROOT, """
                    events per phase: %,d of %,d bytes
                    raw Kafka:  %,.0f records/s (produce %,.0f/s in %.2f s, then consume %,.0f/s in %.2f s)
                    ingest:     %,.0f events/s (%.2f s, %,d routed to category topics)
                    ratio:      %.2f (target at least 0.50)""",
                    events, RECORD_BYTES, rawPerSecond(), events / produceSeconds, produceSeconds,
                    events / consumeSeconds, consumeSeconds, ingestPerSecond(), ingestSeconds, routed, ratio());
        }
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String[] ingestArguments = java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        Result result = run(events, ingestArguments);
        System.out.println(result.report());
        System.exit(0);
    }

    /**
     * Runs both phases with {@code events} records each, on a broker of its own;
     * {@code ingestArguments} (such as {@code --spring.kafka.listener.concurrency=1}) go to ingest.
     */
    public static Result run(int events, String... ingestArguments) {
        var broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(IngestTestKafka.brokerProperties());
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            String bootstrap = broker.getBrokersAsString();
            admin.createTopics(List.of(new NewTopic("bench.warmup", PARTITIONS, (short) 1),
                    new NewTopic("bench.raw", PARTITIONS, (short) 1))).all().get();

            measureRaw(bootstrap, "bench.warmup", Math.max(1, events / 5));
            double[] raw = measureRaw(bootstrap, "bench.raw", events);
            double ingestSeconds = measureIngest(bootstrap, admin, events, ingestArguments);
            long routed = countCommitted(bootstrap, TOPICS.categoryTopics());
            return new Result(events, raw[0], raw[1], ingestSeconds, routed);
        } catch (Exception e) {
            throw new IllegalStateException("The benchmark failed", e);
        } finally {
            broker.destroy();
        }
    }

    /** Seconds to produce {@code count} records to {@code topic}, and seconds to consume them. */
    private static double[] measureRaw(String bootstrap, String topic, int count) {
        long start = System.nanoTime();
        try (var producer = producer(bootstrap)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, key(i), value(i)));
            }
            producer.flush();
        }
        double produceSeconds = seconds(start);

        start = System.nanoTime();
        long consumed = consumeAll(bootstrap, List.of(topic), count, "read_uncommitted");
        double consumeSeconds = seconds(start);
        if (consumed < count) {
            throw new IllegalStateException("Consumed " + consumed + " of " + count);
        }
        return new double[] {produceSeconds, consumeSeconds};
    }

    /** Seconds for ingest to commit {@code count} waiting events, after a warm-up run. */
    private static double measureIngest(String bootstrap, Admin admin, int count, String[] ingestArguments)
            throws Exception {
        try (ConfigurableApplicationContext ingest = startIngest(bootstrap, ingestArguments)) {
            MessageListenerContainer container = ingest.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(InboundEventListener.LISTENER_ID);

            int warmUp = Math.max(1, count / 5);
            produceInbound(bootstrap, 0, warmUp);
            container.start();
            awaitCommitted(admin, warmUp);
            container.pause();
            awaitPaused(container);

            produceInbound(bootstrap, warmUp, count);
            long start = System.nanoTime();
            container.resume();
            awaitCommitted(admin, warmUp + count);
            return seconds(start);
        }
    }

    /** The warm-up keeps its partitions while paused, so the measured run pays no rebalance. */
    private static void awaitPaused(MessageListenerContainer container) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!container.isContainerPaused()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The listener container did not pause");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static ConfigurableApplicationContext startIngest(String bootstrap, String[] ingestArguments) {
        var arguments = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--monitorflow.ingest.listener-auto-startup=false",
                "--monitorflow.topics.partitions=" + PARTITIONS,
                "--spring.kafka.consumer.group-id=" + GROUP,
                "--logging.level.org.apache.kafka=WARN",
                "--logging.level.kafka=WARN"));
        arguments.addAll(List.of(ingestArguments));
        return new SpringApplicationBuilder(IngestApplication.class).run(arguments.toArray(String[]::new));
    }

    private static void produceInbound(String bootstrap, int from, int count) {
        try (var producer = producer(bootstrap)) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(TOPICS.inbound(), key(i), value(i)));
            }
            producer.flush();
        }
    }

    private static void awaitCommitted(Admin admin, long total) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long committed;
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((committed = committed(admin)) < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Ingest committed " + committed + " of " + total + " events in 5 minutes");
            }
            if (System.nanoTime() > nextReport) {
                System.out.printf("ingest: %,d of %,d committed%n", committed, total);
                nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** Committed records on {@code topics}, read with read_committed to their end. */
    private static long countCommitted(String bootstrap, List<String> topics) {
        return consumeAll(bootstrap, topics, Long.MAX_VALUE, "read_committed");
    }

    private static long consumeAll(String bootstrap, List<String> topics, long expected, String isolation) {
        var properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "16777216");
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long consumed = 0;
            while (consumed < expected && !partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                consumed += consumer.poll(Duration.ofMillis(100)).count();
            }
            return consumed;
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, "67108864");
        // Not idempotent: on a starved machine an idempotent producer can loop on
        // OUT_OF_ORDER_SEQUENCE_NUMBER after a leadership move. Both phases use this producer.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] key(int i) {
        return ("acc_bench_" + (i % ACCOUNTS)).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid inbound event of exactly {@link #RECORD_BYTES} bytes. */
    static byte[] value(int i) {
        String head = "{\"accountId\":\"acc_bench_" + (i % ACCOUNTS) + "\",\"event\":\"sale.created\","
                + "\"id\":\"evt_bench_" + i + "\",\"createdAt\":\"2025-03-06T06:11:45.123Z\","
                + "\"data\":{\"orderId\":" + i + ",\"amount\":1999,\"currency\":\"EUR\",\"note\":\"";
        String tail = "\"}}";
        String padding = "x".repeat(RECORD_BYTES - head.length() - tail.length());
        return (head + padding + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
