package com.monitorflow.webhooks.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.monitorflow.webhooks.dispatch.delivery.AccountLanes;
import com.monitorflow.webhooks.dispatch.delivery.DeliveryRecorder;
import com.monitorflow.webhooks.dispatch.delivery.DeliveryWorker;
import com.monitorflow.webhooks.dispatch.delivery.DispatchLoop;
import com.monitorflow.webhooks.dispatch.delivery.DispatchMetrics;
import com.monitorflow.webhooks.dispatch.http.EndpointPolicy;
import com.monitorflow.webhooks.dispatch.http.WebhookClient;
import com.monitorflow.webhooks.dispatch.subscription.ChangelogFollower;
import com.monitorflow.webhooks.dispatch.subscription.SubscriptionView;
import com.monitorflow.webhooks.model.Limits;
import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.TopicNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dispatch instance: the webhook view and its changelog follower, the poll loop, the
 * per-account lanes, the delivery threads, the HTTP client and the outcome recorder, wired
 * together. It has no Spring in it, so tests can run several instances side by side.
 */
public final class DispatchNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DispatchNode.class);

    private final SubscriptionView view = new SubscriptionView();
    private final ChangelogFollower follower;
    private final DispatchLoop loop;
    private final AccountLanes lanes;
    private final WebhookClient client;
    private final DeliveryRecorder recorder;
    private final DeliveryWorker worker;
    private final ExecutorService deliveryThreads;
    private final Duration drainTimeout;
    private @Nullable Thread loopThread;
    private @Nullable Thread followerThread;
    private boolean stopped;

    /**
     * @param consumerBase consumer settings such as bootstrap servers and security; dispatch sets
     *     the group, deserializers, offsets and assignment itself
     * @param producerBase producer settings such as bootstrap servers and security
     */
    public DispatchNode(Map<String, Object> consumerBase, Map<String, Object> producerBase, TopicNames topics,
            DispatchProperties properties, EndpointPolicy policy, SecretCipher cipher, MeterRegistry meters,
            Clock clock) {
        this.drainTimeout = properties.attemptTimeout().plusSeconds(10);
        this.follower = new ChangelogFollower(new KafkaConsumer<>(changelogConsumerConfig(consumerBase)),
                topics.webhooksChangelog(), view, cipher, properties.changelogStartupTimeout());
        this.deliveryThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("delivery-", 0).factory());
        this.lanes = new AccountLanes(Limits.MAX_IN_FLIGHT_PER_ACCOUNT, properties.maxQueueWait(),
                job -> deliveryThreads.execute(() -> worker().run(job)),
                job -> deliveryThreads.execute(() -> worker().defer(job)), System::nanoTime);
        this.client = new WebhookClient(policy, properties.attemptTimeout(), properties.userAgent(),
                properties.maxIdleConnections());
        this.recorder = new DeliveryRecorder(new KafkaProducer<>(producerConfig(producerBase)), topics);
        var metrics = new DispatchMetrics(meters, lanes);
        this.worker = new DeliveryWorker(view, client, recorder, lanes, metrics, clock);
        this.loop = new DispatchLoop(new KafkaConsumer<>(eventConsumerConfig(consumerBase, properties)), topics, view,
                follower, lanes, metrics, properties.pollTimeout(), properties.maxPendingPerPartition(),
                drainTimeout);
    }

    /** Starts following the changelog, and dispatching once the view has caught up. */
    public synchronized void start() {
        followerThread = Thread.ofPlatform().name("webhook-changelog").start(follower);
        loopThread = Thread.ofPlatform().name("dispatch-poll").start(loop);
    }

    /** Whether events are being consumed (the webhook view has caught up). */
    public boolean consuming() {
        return loop.consuming();
    }

    /** How many partitions of the event and redeliver topics this instance owns now. */
    public int assignedPartitions() {
        return loop.assignedPartitions();
    }

    public SubscriptionView view() {
        return view;
    }

    /** Stops gracefully: running deliveries finish and are recorded, done offsets are committed. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        loop.stop();
        join(loopThread, drainTimeout.plusSeconds(15));
        follower.stop();
        join(followerThread, Duration.ofSeconds(10));
        client.close();
        recorder.close();
        deliveryThreads.shutdownNow();
    }

    /**
     * Stops at once as if the process died: HTTP calls are cut, nothing more is recorded and no
     * offset is committed.
     */
    public synchronized void halt() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.warn("Halting this dispatch instance without committing");
        worker.halt();
        loop.halt();
        recorder.halt();
        client.cancelAll();
        join(loopThread, Duration.ofSeconds(10));
        follower.stop();
        join(followerThread, Duration.ofSeconds(10));
        client.close();
        deliveryThreads.shutdownNow();
    }

    private DeliveryWorker worker() {
        return worker;
    }

    private static void join(@Nullable Thread thread, Duration timeout) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Object> eventConsumerConfig(Map<String, Object> base, DispatchProperties properties) {
        Map<String, Object> config = consumerConfig(base);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // An instance that dies without leaving the group holds its partitions, and every delivery
        // of their accounts, until its session expires: 10 s instead of the client's 45 s. The
        // heartbeat runs on its own thread, so slow endpoints and long polls do not count.
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return config;
    }

    static Map<String, Object> changelogConsumerConfig(Map<String, Object> base) {
        Map<String, Object> config = consumerConfig(base);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dispatch-changelog-" + Long.toHexString(System.nanoTime()));
        return config;
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    static Map<String, Object> producerConfig(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Attempt records carry the body on the first attempt (up to 256 KB); larger batches keep
        // the request count down when thousands of outcomes are written per second.
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return config;
    }
}
