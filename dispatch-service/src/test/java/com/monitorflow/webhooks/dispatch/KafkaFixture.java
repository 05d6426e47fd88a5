package com.monitorflow.webhooks.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.monitorflow.webhooks.dispatch.http.EndpointPolicy;
import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.NormalizedEvent;
import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real embedded KRaft broker for one test class, with helpers to publish webhooks, events and
 * redeliveries, to collect what dispatch writes, and to start dispatch instances against it.
 */
final class KafkaFixture implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final String KEY = SecretCipher.generateKey();

    final SecretCipher cipher = new SecretCipher(KEY);
    private final EmbeddedKafkaKraftBroker broker;
    private final KafkaProducer<String, byte[]> producer;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    KafkaFixture() {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "3",
                "log.cleaner.enable", "true"));
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 1));
    }

    String bootstrap() {
        return broker.getBrokersAsString();
    }

    /** Topic names with the event and delivery topics prefixed, so tests of one class stay apart. */
    static TopicNames topics(String prefix) {
        return new TopicNames("events.inbound", prefix + "events.sqs", prefix + "events.sale",
                prefix + "events.question", "events.rejected", prefix + "webhooks.changelog",
                prefix + "deliveries.attempts", prefix + "deliveries.retry.", 5, prefix + "deliveries.redeliver",
                prefix + "deliveries.dead", PARTITIONS, 1);
    }

    void createTopics(TopicNames topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            List<NewTopic> created = new ArrayList<>();
            for (String name : List.of(topics.sqs(), topics.sale(), topics.question(), topics.attempts(),
                    topics.redeliver(), topics.dead(), topics.retry(1), topics.retry(2), topics.retry(3),
                    topics.retry(4), topics.retry(5))) {
                created.add(new NewTopic(name, PARTITIONS, (short) 1));
            }
            created.add(new NewTopic(topics.webhooksChangelog(), PARTITIONS, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")));
            admin.createTopics(created).all().get();
            awaitLeaders(admin, created.stream().map(NewTopic::name).toList());
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every partition of {@code names} has a leader. A send to a partition whose leader
     * is not known yet is refused and retried, and an idempotent producer retrying on a brand-new
     * partition can get stuck on an out-of-order sequence, so tests write only once leaders are up.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean ready = admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
            if (ready) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("Partitions of " + names + " have no leader after 30 s");
    }

    DispatchNode startNode(TopicNames topics, DispatchProperties properties, EndpointPolicy policy) {
        Map<String, Object> base = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        var node = new DispatchNode(base, base, topics, properties, policy, cipher, new SimpleMeterRegistry(),
                Clock.systemUTC());
        node.start();
        closeables.add(node);
        return node;
    }

    WebhookDefinition webhook(String account, String url, String secret, WebhookStatus status,
            EventCategory... categories) {
        return new WebhookDefinition(Ids.newWebhookId(Clock.systemUTC()), account, "test hook", url,
                Set.of(categories), status, cipher.seal(secret), Instant.now());
    }

    void publish(TopicNames topics, WebhookDefinition webhook) {
        send(new ProducerRecord<>(topics.webhooksChangelog(), webhook.id(),
                Json.mapper().writeValueAsBytes(webhook)));
    }

    void delete(TopicNames topics, String webhookId) {
        send(new ProducerRecord<>(topics.webhooksChangelog(), webhookId, null));
    }

    static NormalizedEvent event(String account, String name, ObjectNode data) {
        return new NormalizedEvent(Ids.newEventId(Clock.systemUTC()), account, name, Instant.now(), data);
    }

    static ObjectNode data(String field, Object value) {
        ObjectNode data = Json.mapper().createObjectNode();
        data.putPOJO(field, value);
        return data;
    }

    void publish(TopicNames topics, NormalizedEvent event) {
        send(new ProducerRecord<>(topics.eventsOf(event.category()), event.accountId(),
                Json.mapper().writeValueAsBytes(event)));
    }

    void publishAsync(TopicNames topics, NormalizedEvent event) {
        producer.send(new ProducerRecord<>(topics.eventsOf(event.category()), event.accountId(),
                Json.mapper().writeValueAsBytes(event)));
    }

    /** Writes {@code value} as it is, for records that are not what the topic should carry. */
    void publishRawAsync(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    void publish(String topic, PendingDelivery pending) {
        var record = new ProducerRecord<>(topic, pending.accountId(), pending.body());
        pending.writeTo(record.headers());
        send(record);
    }

    void flush() {
        producer.flush();
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything written to {@code topic} from its beginning, collected in the background. */
    Collected collect(String topic) {
        var collected = new Collected(bootstrap(), topic);
        closeables.add(collected);
        return collected;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        producer.close(Duration.ofSeconds(5));
        broker.destroy();
    }

    static final class Collected implements AutoCloseable {

        private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Collected(String bootstrap, String topic) {
            var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            Collection<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = Thread.ofPlatform().daemon().name("collect-" + topic).start(() -> {
                try (consumer) {
                    while (running) {
                        consumer.poll(Duration.ofMillis(50)).forEach(records::add);
                    }
                }
            });
        }

        List<ConsumerRecord<String, byte[]>> records() {
            return List.copyOf(records);
        }

        List<DeliveryAttempt> attempts() {
            return records.stream()
                    .map(r -> Json.mapper().readValue(r.value(), DeliveryAttempt.class))
                    .toList();
        }

        List<PendingDelivery> pending() {
            return records.stream()
                    .map(r -> PendingDelivery.readFrom(r.key(), r.headers(), r.value()))
                    .toList();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(2000);
        }
    }
}
