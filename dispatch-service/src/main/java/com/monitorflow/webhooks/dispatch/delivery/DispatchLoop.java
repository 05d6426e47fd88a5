package com.monitorflow.webhooks.dispatch.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.monitorflow.webhooks.dispatch.subscription.ChangelogFollower;
import com.monitorflow.webhooks.dispatch.subscription.Subscription;
import com.monitorflow.webhooks.dispatch.subscription.SubscriptionView;
import com.monitorflow.webhooks.model.DeliveryBodies;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.TopicNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The poll loop over the event topics and {@code deliveries.redeliver}. It only reads, fans out
 * and hands jobs to the {@link AccountLanes}; HTTP runs elsewhere, so the loop keeps polling (and
 * the instance keeps its partitions) however long endpoints take. It pauses a partition with too
 * much still open and resumes it once half of that is done, and commits each partition up to its
 * first record whose outcomes are not all recorded.
 *
 * <p>When partitions are revoked, queued deliveries of them are dropped and the loop waits for the
 * running ones to be recorded before it commits and lets them go; so the next owner starts where
 * this one stopped and the per-account limit holds across instances during a rebalance too.
 */
public final class DispatchLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final TopicNames topics;
    private final SubscriptionView view;
    private final ChangelogFollower follower;
    private final AccountLanes lanes;
    private final DispatchMetrics metrics;
    private final Duration pollTimeout;
    private final int maxPendingPerPartition;
    private final Duration drainTimeout;
    private final Map<TopicPartition, PartitionProgress> owned = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long nextCommitNanos;
    private volatile boolean running = true;
    private volatile boolean halted;
    private volatile boolean consuming;
    private volatile int assigned;

    public DispatchLoop(Consumer<String, byte[]> consumer, TopicNames topics, SubscriptionView view,
            ChangelogFollower follower, AccountLanes lanes, DispatchMetrics metrics, Duration pollTimeout,
            int maxPendingPerPartition, Duration drainTimeout) {
        this.consumer = consumer;
        this.topics = topics;
        this.view = view;
        this.follower = follower;
        this.lanes = lanes;
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
        this.maxPendingPerPartition = maxPendingPerPartition;
        this.drainTimeout = drainTimeout;
    }

    /** Whether the loop has subscribed, which it does only once the webhook view has caught up. */
    public boolean consuming() {
        return consuming;
    }

    /** How many partitions this instance owns now. */
    public int assignedPartitions() {
        return assigned;
    }

    /** Stops the loop; running deliveries are recorded and committed before it ends. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Stops the loop at once without committing anything more; for an instance that dies. */
    public void halt() {
        halted = true;
        stop();
    }

    @Override
    public void run() {
        try {
            if (!awaitView()) {
                return;
            }
            consumer.subscribe(List.of(topics.sqs(), topics.sale(), topics.question(), topics.redeliver()),
                    new Rebalance());
            consuming = true;
            log.info("Dispatching events as group member");
            while (running) {
                try {
                    pollOnce();
                } catch (RuntimeException e) {
                    log.error("Polling failed; polling again in a second", e);
                    pauseAfterFailure();
                }
            }
        } finally {
            finish();
        }
    }

    private boolean awaitView() {
        try {
            while (running) {
                if (follower.awaitCaughtUp(Duration.ofSeconds(5))) {
                    return true;
                }
                log.info("Waiting for the webhook view to catch up before dispatching");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void pollOnce() {
        try {
            Set<TopicPartition> rewound = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
                dispatchOrRewind(record, rewound);
            }
            lanes.deferOverdue();
            holdBack();
            commitIfDue();
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
    }

    private void pauseAfterFailure() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Dispatches {@code record}, or, if that fails unexpectedly, moves its partition back to it so
     * that it and the partition's later records of this poll are read again by the next poll
     * rather than skipped. Other partitions go on.
     */
    private void dispatchOrRewind(ConsumerRecord<String, byte[]> record, Set<TopicPartition> rewound) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (rewound.contains(partition)) {
            return;
        }
        try {
            dispatch(record);
        } catch (RuntimeException e) {
            log.error("Dispatching the record at {}@{} failed; reading the partition again from it", partition,
                    record.offset(), e);
            consumer.seek(partition, record.offset());
            rewound.add(partition);
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionProgress progress = owned.computeIfAbsent(partition, PartitionProgress::new);
        List<DeliveryJob> jobs = topics.redeliver().equals(record.topic())
                ? redeliveryJobs(progress, record)
                : eventJobs(progress, record);
        progress.add(record.offset(), jobs.size());
        for (DeliveryJob job : jobs) {
            lanes.submit(job);
        }
    }

    private List<DeliveryJob> eventJobs(PartitionProgress progress, ConsumerRecord<String, byte[]> record) {
        DeliveryBodies bodies;
        EventCategory category;
        try {
            bodies = DeliveryBodies.read(record.value());
            category = EventCategory.ofEventName(bodies.event())
                    .orElseThrow(() -> new IllegalArgumentException("The event name has no known category"));
        } catch (RuntimeException e) {
            log.error("Event at {}-{}@{} is unreadable and is not delivered", record.topic(), record.partition(),
                    record.offset(), e);
            metrics.eventRead(0, false);
            return List.of();
        }
        List<Subscription> subscribers = view.subscribersOf(bodies.accountId(), category);
        metrics.eventRead(subscribers.size(), true);
        if (subscribers.isEmpty()) {
            log.debug("No ACTIVE webhook of account {} subscribes to {}; event {} is not delivered",
                    bodies.accountId(), category, bodies.eventId());
            return List.of();
        }
        var source = new FannedOutEvent(bodies, category);
        List<DeliveryJob> jobs = new ArrayList<>(subscribers.size());
        for (Subscription subscriber : subscribers) {
            jobs.add(new DeliveryJob(progress, record.offset(), bodies.accountId(), subscriber.webhookId(),
                    Ids.deliveryId(bodies.eventId(), subscriber.webhookId()), bodies.eventId(), bodies.event(), 1,
                    source, null));
        }
        return jobs;
    }

    private List<DeliveryJob> redeliveryJobs(PartitionProgress progress, ConsumerRecord<String, byte[]> record) {
        PendingDelivery pending;
        try {
            if (record.key() == null || record.value() == null) {
                throw new IllegalArgumentException("The record has no key or no body");
            }
            pending = PendingDelivery.readFrom(record.key(), record.headers(), record.value());
        } catch (RuntimeException e) {
            log.error("Redelivery at {}-{}@{} is unreadable and is not delivered", record.topic(),
                    record.partition(), record.offset(), e);
            return List.of();
        }
        MDC.put("deliveryId", pending.deliveryId());
        log.debug("Redelivering after {} attempts", pending.attempts());
        MDC.remove("deliveryId");
        return List.of(new DeliveryJob(progress, record.offset(), pending.accountId(), pending.webhookId(),
                pending.deliveryId(), pending.eventId(), pending.event(), pending.attempts() + 1, null, pending.body()));
    }

    // Limitation: the pause works per partition, so when a partition has thousands of deliveries
    // open, new records of every account on it wait until half of them are done (those already
    // read are not held up). An account keeps at most about max-queue-wait x 10 / attempt time
    // queued (AccountLanes defers the rest), so one whose endpoints hang or take seconds stays far
    // below the threshold; one that answers in tens of milliseconds can reach it with a burst, and
    // then the pause lasts until half of the burst is worked off, well within max-queue-wait.
    private void holdBack() {
        Set<TopicPartition> paused = consumer.paused();
        for (PartitionProgress progress : owned.values()) {
            TopicPartition partition = progress.partition();
            int pending = progress.pendingDeliveries();
            if (!paused.contains(partition) && pending >= maxPendingPerPartition) {
                log.debug("Pausing {} with {} deliveries open", partition, pending);
                consumer.pause(List.of(partition));
            } else if (paused.contains(partition) && pending <= maxPendingPerPartition / 2) {
                log.debug("Resuming {} with {} deliveries open", partition, pending);
                consumer.resume(List.of(partition));
            }
        }
    }

    private void commitIfDue() {
        if (System.nanoTime() < nextCommitNanos) {
            return;
        }
        nextCommitNanos = System.nanoTime() + COMMIT_INTERVAL.toNanos();
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(owned.values());
        if (offsets.isEmpty()) {
            return;
        }
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        consumer.commitAsync(offsets, (done, error) -> {
            if (error != null) {
                log.warn("Committing offsets failed; they are committed again with the next progress", error);
                done.keySet().forEach(committed::remove);
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> committable(Collection<PartitionProgress> progresses) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionProgress progress : progresses) {
            long offset = progress.committable();
            if (offset >= 0 && offset > committed.getOrDefault(progress.partition(), -1L)) {
                offsets.put(progress.partition(), new OffsetAndMetadata(offset));
            }
        }
        return offsets;
    }

    /** Lets partitions go: drops their queued jobs, waits for running ones, commits what is done. */
    private void release(Collection<TopicPartition> partitions, boolean commit) {
        List<PartitionProgress> leaving = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            PartitionProgress progress = owned.remove(partition);
            if (progress != null) {
                progress.revoke();
                lanes.purge(progress);
                leaving.add(progress);
            }
        }
        if (!commit || halted) {
            leaving.forEach(p -> committed.remove(p.partition()));
            return;
        }
        awaitRunning(leaving);
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(leaving);
        leaving.forEach(p -> committed.remove(p.partition()));
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (RuntimeException e) {
                log.warn("Committing offsets of released partitions failed; their next owner repeats some deliveries",
                        e);
            }
        }
    }

    private void awaitRunning(List<PartitionProgress> leaving) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            for (PartitionProgress progress : leaving) {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (!progress.awaitIdle(left)) {
                    log.warn("Deliveries of {} still running after {}; their outcome may be repeated by the next "
                            + "owner", progress.partition(), drainTimeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish() {
        consuming = false;
        try {
            if (!halted) {
                release(new ArrayList<>(owned.keySet()), true);
            }
        } finally {
            consumer.close();
            log.info("Stopped dispatching");
        }
    }

    /**
     * Starts every assigned partition at its committed offset, explicitly. The jobs queued for a
     * partition were dropped when it was revoked, so reading on from any remembered fetch position
     * (which a cooperative assignor would keep for a partition owned before and after) would skip
     * them.
     */
    private void rewindToCommitted(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(Set.copyOf(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = offsets.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset.offset());
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("Releasing {} partitions", partitions.size());
            }
            release(partitions, true);
            assigned = owned.size();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                owned.put(partition, new PartitionProgress(partition));
                committed.remove(partition);
            }
            rewindToCommitted(partitions);
            assigned = owned.size();
            log.info("Assigned partitions {}", partitions);
        }

        // Limitation: lost partitions (this instance was fenced, for example after a long GC pause)
        // already have a new owner, so deliveries still running here may briefly overlap with the
        // new owner's and exceed the per-account limit until they end.
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            log.warn("Lost partitions {}; their next owner repeats deliveries not committed here", partitions);
            release(partitions, false);
            assigned = owned.size();
        }
    }
}
