package com.monitorflow.webhooks.localstack.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The upstream producer of the benchmark: writes inbound {@code sale.created} events to
 * {@code events.inbound}, keyed by account, each with {@code createdAt} set at the moment it is
 * sent and a {@code data} object sized so that the delivery body comes to about 1 KB. It either
 * keeps a bounded number of deliveries outstanding (a saturating closed loop, so a phase measures
 * the system's rate without leaving a backlog for the next phase) or sends at a fixed rate.
 */
final class EventLoad implements AutoCloseable {

    static final String EVENT = "sale.created";
    /** The delivery body adds about 158 bytes around {@code data}: id, event, createdAt, webhookId. */
    private static final int DATA_BYTES = 1024 - 158;
    private static final String PAD = "x".repeat(DATA_BYTES);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final LongAdder failures = new LongAdder();
    private long sequence;

    /**
     * What one saturating phase measured.
     *
     * @param rate deliveries/s received in the measured part of the phase
     * @param sentDeliveries deliveries asked for (events times fan-out)
     * @param delivered deliveries received by the end of the phase
     * @param drained whether every delivery asked for arrived before the drain timeout
     */
    record Saturation(double rate, long sentDeliveries, long delivered, boolean drained) {
    }

    EventLoad(String bootstrap, String topic) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends one event of {@code accountId} now. */
    void send(String accountId) {
        long n = sequence++;
        String json = "{\"accountId\":\"" + accountId + "\",\"event\":\"" + EVENT + "\",\"createdAt\":\""
                + Instant.now() + "\",\"data\":" + data(n) + "}";
        producer.send(new ProducerRecord<>(topic, accountId, json.getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error != null) {
                        failures.increment();
                    }
                });
    }

    /** Events the broker refused so far. */
    long failures() {
        return failures.sum();
    }

    /**
     * Sends events round-robin over {@code accounts} for {@code duration} (or until
     * {@code maxDeliveries} are asked for), never more than {@code window} deliveries ahead of what
     * {@code group} has received; then waits for the rest. The rate leaves out the first
     * {@code measureAfter} of the phase and counts up to the last delivery.
     */
    Saturation saturate(List<String> accounts, int fanOut, TrafficGroup group, Duration duration,
            long maxDeliveries, Duration measureAfter, long window, Duration drainTimeout) {
        group.reset();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long warmEnd = start + measureAfter.toNanos();
        long warmCount = -1;
        long warmNanos = start;
        long asked = 0;
        int next = 0;
        while (System.nanoTime() < end && asked < maxDeliveries) {
            if (warmCount < 0 && System.nanoTime() >= warmEnd) {
                warmCount = group.delivered();
                warmNanos = System.nanoTime();
            }
            if (asked - group.delivered() < window) {
                send(accounts.get(next++ % accounts.size()));
                asked += fanOut;
            } else {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }
        producer.flush();
        boolean drained = awaitDelivered(group, asked, drainTimeout);
        if (warmCount < 0) {
            warmCount = 0;
        }
        long delivered = group.delivered();
        long last = Math.max(group.lastReceiptNanos(), warmNanos + 1);
        double rate = (delivered - warmCount) / ((last - warmNanos) / 1e9);
        return new Saturation(rate, asked, delivered, drained);
    }

    /** Sends {@code eventsPerSecond} events round-robin over {@code accounts}; returns events sent per account. */
    long[] paced(List<String> accounts, double eventsPerSecond, Duration duration) {
        long total = Math.max(1, Math.round(eventsPerSecond * duration.toNanos() / 1e9));
        long interval = Math.round(1e9 / eventsPerSecond);
        long[] perAccount = new long[accounts.size()];
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int account = (int) (i % accounts.size());
            send(accounts.get(account));
            perAccount[account]++;
        }
        producer.flush();
        return perAccount;
    }

    /** Waits until {@code group} has received {@code expected} deliveries; false when the timeout came first. */
    static boolean awaitDelivered(TrafficGroup group, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (group.delivered() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** The event's data: an order id and padding, {@value #DATA_BYTES} bytes in all. */
    static String data(long n) {
        String head = "{\"orderId\":\"ord_" + String.format("%010d", n) + "\",\"note\":\"";
        return head + PAD.substring(0, DATA_BYTES - head.length() - 2) + "\"}";
    }

    /** A body shaped like a delivery of this load, for driving the receiver directly. */
    static String deliveryShapedBody(long n, Instant createdAt) {
        return "{\"id\":\"evt_01KBENCHCEILING0000000000\",\"event\":\"" + EVENT + "\",\"createdAt\":\""
                + createdAt + "\",\"data\":" + data(n) + ",\"webhookId\":\"whk_01KBENCHCEILING0000000000\"}";
    }
}
