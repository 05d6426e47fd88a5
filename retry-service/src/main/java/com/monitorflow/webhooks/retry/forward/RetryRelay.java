package com.monitorflow.webhooks.retry.forward;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;

import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.RejectionHeaders;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.retry.metrics.RetryMetrics;

/**
 * Reads the delay topics and hands each delivery back to {@code deliveries.redeliver} once it is
 * due, or rests it on {@code deliveries.dead}.
 *
 * <p>One thread owns the consumer. Records of a partition are handled in offset order; when the
 * head of a partition is not due, the relay seeks back to it and pauses only that partition, and
 * resumes it when the head's due time comes (the poll never blocks past the earliest due time). The
 * consumer keeps polling all along, so a long wait never exceeds {@code max.poll.interval.ms} nor
 * triggers a rebalance. Due times are derived from each record's headers whenever it is read, so a
 * restart, a rebalance or another instance re-reads the head and waits for the same instant.
 *
 * <p>Delivery is at-least-once: the records handed on in one poll are flushed, each write is
 * checked for its acknowledgement, and only then the offsets after them are committed,
 * synchronously and before the next poll (so also before any rebalance the poll could run). A
 * crash between the acknowledgement and the commit hands the same delivery on twice; dispatch and
 * the webhook contract already tolerate duplicates, and this avoids making dispatch read with
 * {@code read_committed} and every cluster run a transaction coordinator for the retry path.
 */
public final class RetryRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetryRelay.class);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Producer<byte[], byte[]> producer;
    private final TopicNames topics;
    private final Map<String, Integer> stepOfTopic = new HashMap<>();
    private final RecordTriage triage;
    private final PartitionWaits waits;
    private final RetryMetrics metrics;
    private final Clock clock;
    private final Duration maxPollWait;
    private final Duration sendFailureBackoff;

    /** Offsets of records handed on and acknowledged whose commit has not succeeded yet. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private volatile boolean polling;
    private volatile int assignedPartitions;
    private volatile @Nullable Instant lastPollAt;
    private volatile @Nullable String lastFailure;
    private volatile @Nullable Consumer<byte[], byte[]> current;
    private @Nullable Thread thread;
    private CountDownLatch stopSignal = new CountDownLatch(1);

    RetryRelay(Supplier<Consumer<byte[], byte[]>> consumers, Producer<byte[], byte[]> producer, TopicNames topics,
            RecordTriage triage, PartitionWaits waits, RetryMetrics metrics, Clock clock, Duration maxPollWait,
            Duration sendFailureBackoff) {
        this.consumers = consumers;
        this.producer = producer;
        this.topics = topics;
        this.triage = triage;
        this.waits = waits;
        this.metrics = metrics;
        this.clock = clock;
        this.maxPollWait = maxPollWait;
        this.sendFailureBackoff = sendFailureBackoff;
        for (int step = 1; step <= topics.retrySteps(); step++) {
            stepOfTopic.put(topics.retry(step), step);
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            stopSignal = new CountDownLatch(1);
            Thread relay = new Thread(this::run, "retry-relay");
            relay.start();
            thread = relay;
        }
        log.info("Retry relay started on {}", topics.retryTopics());
    }

    @Override
    public void stop() {
        Thread relay;
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            stopSignal.countDown();
            Consumer<byte[], byte[]> consumer = current;
            if (consumer != null) {
                consumer.wakeup();
            }
            relay = thread;
            thread = null;
        }
        if (relay != null) {
            try {
                relay.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("Retry relay stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether the relay is polling the delay topics right now, and the last failure if it is not. */
    RelayStatus status() {
        return new RelayStatus(running, polling, assignedPartitions, lastPollAt, lastFailure);
    }

    record RelayStatus(boolean started, boolean polling, int assignedPartitions, @Nullable Instant lastPollAt,
            @Nullable String lastFailure) {
    }

    private void run() {
        while (running) {
            try (Consumer<byte[], byte[]> consumer = consumers.get()) {
                current = consumer;
                if (!running) {
                    return;
                }
                relayUntilStopped(consumer);
            } catch (WakeupException e) {
                // stop() woke the poll; the loop condition ends the thread
            } catch (RuntimeException e) {
                lastFailure = e.getClass().getName();
                log.warn("Retry relay failed; reconnecting in {}", sendFailureBackoff, e);
                awaitStopFor(sendFailureBackoff);
            } finally {
                polling = false;
                assignedPartitions = 0;
                current = null;
                waits.clear();
                uncommitted.clear();
            }
        }
    }

    private void relayUntilStopped(Consumer<byte[], byte[]> consumer) {
        consumer.subscribe(stepOfTopic.keySet(), new PauseStateReset(consumer));
        while (running) {
            resumeDuePartitions(consumer);
            ConsumerRecords<byte[], byte[]> records = consumer.poll(nextPollWait());
            polling = true;
            lastPollAt = clock.instant();
            lastFailure = null;
            if (!records.isEmpty()) {
                relay(consumer, records);
            } else if (!uncommitted.isEmpty()) {
                commitHandedOn(consumer);
            }
        }
    }

    /**
     * Resumes every paused partition that is no longer held: those whose head has become due, and
     * any the consumer still has paused without a known reason, so none stays paused for ever.
     */
    private void resumeDuePartitions(Consumer<byte[], byte[]> consumer) {
        waits.releaseDue(clock.instant());
        List<TopicPartition> resume = consumer.paused().stream().filter(p -> !waits.isHeld(p)).toList();
        if (!resume.isEmpty()) {
            consumer.resume(resume);
            log.debug("Resumed {}", resume);
        }
    }

    private Duration nextPollWait() {
        return waits.untilNextWake(clock.instant())
                .filter(untilWake -> untilWake.compareTo(maxPollWait) < 0)
                .orElse(maxPollWait);
    }

    private void relay(Consumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
        Instant now = clock.instant();
        List<PendingSend> sends = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            int step = stepOfTopic.get(partition.topic());
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                Verdict verdict = triage.verdict(record, step, now);
                if (verdict instanceof Verdict.Wait wait) {
                    holdBack(consumer, partition, step, record.offset(), wait.due(), wait.failedAt());
                    break;
                }
                sends.add(new PendingSend(record, step, verdict, producer.send(outgoing(record, verdict))));
            }
        }
        if (!sends.isEmpty()) {
            producer.flush();
            commitAcknowledged(consumer, sends);
        }
    }

    // Limitation: a partition is handed on strictly in offset order, so a record waits at least as
    // long as the one ahead of it on the same partition and step. Jitter (at most max-jitter) can
    // so delay the records behind a jittered one by that much, and a Retry-After whose time left is
    // shorter than the shortest step is waited in place (longer ones move on; see RecordTriage).
    private void holdBack(Consumer<byte[], byte[]> consumer, TopicPartition partition, int step, long offset,
            Instant until, Instant headFailedAt) {
        consumer.seek(partition, offset);
        consumer.pause(List.of(partition));
        waits.hold(partition, step, until, headFailedAt);
        log.debug("Holding {} at offset {} until {}", partition, offset, until);
    }

    private ProducerRecord<byte[], byte[]> outgoing(ConsumerRecord<byte[], byte[]> record, Verdict verdict) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        if (verdict instanceof Verdict.Dead dead) {
            put(headers, RejectionHeaders.CODE, dead.reason().name());
            put(headers, RejectionHeaders.REASON, dead.detail());
            put(headers, RejectionHeaders.SOURCE_TOPIC, record.topic());
            put(headers, RejectionHeaders.SOURCE_PARTITION, Integer.toString(record.partition()));
            put(headers, RejectionHeaders.SOURCE_OFFSET, Long.toString(record.offset()));
            return new ProducerRecord<>(topics.dead(), null, record.key(), record.value(), headers);
        }
        if (verdict instanceof Verdict.Move move) {
            put(headers, PendingDelivery.MOVED_AT, Long.toString(move.movedAt().toEpochMilli()));
            return new ProducerRecord<>(topics.retry(move.toStep()), null, record.key(), record.value(), headers);
        }
        return new ProducerRecord<>(topics.redeliver(), null, record.key(), record.value(), headers);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Commits, per partition, the offsets up to the first record whose write was not acknowledged;
     * that record's partition is sought back to it and rests for the send-failure back-off.
     */
    private void commitAcknowledged(Consumer<byte[], byte[]> consumer, List<PendingSend> sends) {
        Map<TopicPartition, OffsetAndMetadata> commits = uncommitted;
        Map<TopicPartition, Boolean> failed = new HashMap<>();
        for (PendingSend send : sends) {
            TopicPartition partition = new TopicPartition(send.record().topic(), send.record().partition());
            if (failed.containsKey(partition)) {
                continue;
            }
            Exception failure = failureOf(send.ack());
            if (failure != null) {
                // Limitation: records of this partition written after the failed one in the same
                // poll may have been acknowledged; they are not committed and are handed on again.
                failed.put(partition, true);
                log.warn("Could not hand on {} at offset {}; trying again in {}", partition,
                        send.record().offset(), sendFailureBackoff, failure);
                holdBack(consumer, partition, send.step(), send.record().offset(),
                        clock.instant().plus(sendFailureBackoff), send.verdict().failedAt());
                continue;
            }
            commits.put(partition, new OffsetAndMetadata(send.record().offset() + 1));
            reportHandedOn(send);
        }
        commitHandedOn(consumer);
    }

    /**
     * Commits what was handed on. During a rebalance the commit is kept and tried again after the
     * next poll (or when the partition is revoked); when the group has moved on without this
     * instance, the next owner hands those records on once more.
     */
    private void commitHandedOn(Consumer<byte[], byte[]> consumer) {
        uncommitted.keySet().retainAll(consumer.assignment());
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(uncommitted);
            uncommitted.clear();
        } catch (RebalanceInProgressException e) {
            log.debug("Commit deferred until the rebalance completes");
        } catch (CommitFailedException e) {
            log.warn("Could not commit {} handed-on offsets; their records may be handed on again",
                    uncommitted.size(), e);
            uncommitted.clear();
        }
    }

    private static @Nullable Exception failureOf(Future<RecordMetadata> ack) {
        try {
            ack.get(0, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (Exception e) {
            return e;
        }
    }

    private void reportHandedOn(PendingSend send) {
        switch (send.verdict()) {
            case Verdict.Redeliver redeliver -> {
                Duration lateness = Duration.between(redeliver.due(), clock.instant());
                metrics.forwarded(send.step(), lateness);
                try (var ids = DeliveryMdc.of(redeliver.delivery())) {
                    log.debug("Handed attempt {} back for redelivery, {} ms after due",
                            redeliver.delivery().attempts() + 1, lateness.toMillis());
                }
            }
            case Verdict.Dead dead -> {
                PendingDelivery delivery = dead.delivery();
                byte[] key = send.record().key();
                String accountId = delivery != null ? delivery.accountId()
                        : key == null ? null : new String(key, StandardCharsets.UTF_8);
                metrics.deadLettered(accountId, dead.reason().name());
                try (var ids = delivery == null ? DeliveryMdc.ofHeaders(send.record()) : DeliveryMdc.of(delivery)) {
                    log.error("Delivery rests as a dead letter ({}): {}; read from {}-{} at offset {}",
                            dead.reason(), dead.detail(), send.record().topic(), send.record().partition(),
                            send.record().offset());
                }
            }
            case Verdict.Move move -> {
                metrics.moved(send.step(), move.toStep());
                try (var ids = DeliveryMdc.of(move.delivery())) {
                    log.debug("Moved to step {}: its endpoint asked not to be called before {}", move.toStep(),
                            move.due());
                }
            }
            case Verdict.Wait wait -> throw new IllegalStateException("A waiting record is never sent");
        }
    }

    private void awaitStopFor(Duration duration) {
        try {
            stopSignal.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record PendingSend(ConsumerRecord<byte[], byte[]> record, int step, Verdict verdict,
            Future<RecordMetadata> ack) {
    }

    /**
     * Forgets the pause state of partitions that move. A partition that leaves is re-read from its
     * committed offset (its waiting head) by its next owner; one that arrives starts unpaused and
     * is held again as soon as its head is read.
     */
    private final class PauseStateReset implements ConsumerRebalanceListener {

        private final Consumer<byte[], byte[]> consumer;

        PauseStateReset(Consumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitBeforeLeaving(partitions);
            waits.forget(partitions);
            assignedPartitions = consumer.assignment().size() - partitions.size();
            if (!partitions.isEmpty()) {
                log.info("Partitions revoked: {}", partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            waits.forget(partitions);
            consumer.resume(partitions);
            assignedPartitions = consumer.assignment().size();
            if (!partitions.isEmpty()) {
                log.info("Partitions assigned: {}", partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            waits.forget(partitions);
            uncommitted.keySet().removeAll(partitions);
            assignedPartitions = 0;
            log.warn("Partitions lost: {}", partitions);
        }

        private void commitBeforeLeaving(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>(uncommitted);
            leaving.keySet().retainAll(partitions);
            uncommitted.keySet().removeAll(partitions);
            if (leaving.isEmpty()) {
                return;
            }
            try {
                consumer.commitSync(leaving);
            } catch (RuntimeException e) {
                log.warn("Could not commit {} handed-on offsets of revoked partitions; their records may be "
                        + "handed on again", leaving.size(), e);
            }
        }
    }

    /** Puts the ids of a delivery into the MDC for one log statement. */
    private static final class DeliveryMdc implements AutoCloseable {

        private static final List<String> KEYS = List.of("deliveryId", "accountId", "webhookId", "eventId");

        static DeliveryMdc of(PendingDelivery delivery) {
            return new DeliveryMdc(delivery.deliveryId(), delivery.accountId(), delivery.webhookId(),
                    delivery.eventId());
        }

        static DeliveryMdc ofHeaders(ConsumerRecord<byte[], byte[]> record) {
            return new DeliveryMdc(PendingDelivery.text(record.headers(), PendingDelivery.DELIVERY_ID),
                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                    PendingDelivery.text(record.headers(), PendingDelivery.WEBHOOK_ID),
                    PendingDelivery.text(record.headers(), PendingDelivery.EVENT_ID));
        }

        private DeliveryMdc(@Nullable String... values) {
            for (int i = 0; i < KEYS.size(); i++) {
                if (values[i] != null) {
                    MDC.put(KEYS.get(i), values[i]);
                }
            }
        }

        @Override
        public void close() {
            KEYS.forEach(MDC::remove);
        }
    }
}
