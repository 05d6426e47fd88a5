package com.monitorflow.webhooks.retry.forward;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

import com.monitorflow.webhooks.retry.metrics.WaitingHeads;

/**
 * The partitions the relay has paused and when each must be resumed. This is only a cache of what
 * the paused heads' headers say: losing it (restart, rebalance) costs a re-read of each head, never
 * a record. Written by the relay thread only; read by metrics from any thread.
 */
final class PartitionWaits implements WaitingHeads {

    private record Hold(int step, Instant wakeAt, Instant headFailedAt) {
    }

    private final Map<TopicPartition, Hold> holds = new ConcurrentHashMap<>();

    /** Remembers that {@code partition} of step {@code step} is paused until {@code wakeAt}. */
    void hold(TopicPartition partition, int step, Instant wakeAt, Instant headFailedAt) {
        holds.put(partition, new Hold(step, wakeAt, headFailedAt));
    }

    /** Forgets and returns the paused partitions whose time has come. */
    List<TopicPartition> releaseDue(Instant now) {
        List<TopicPartition> due = new ArrayList<>();
        holds.forEach((partition, hold) -> {
            if (!hold.wakeAt().isAfter(now)) {
                due.add(partition);
            }
        });
        due.forEach(holds::remove);
        return due;
    }

    /** How long until the earliest paused partition is due, or empty when none is paused. */
    Optional<Duration> untilNextWake(Instant now) {
        return holds.values().stream()
                .map(Hold::wakeAt)
                .min(Comparator.naturalOrder())
                .map(wakeAt -> wakeAt.isAfter(now) ? Duration.between(now, wakeAt) : Duration.ZERO);
    }

    boolean isHeld(TopicPartition partition) {
        return holds.containsKey(partition);
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(holds::remove);
    }

    void clear() {
        holds.clear();
    }

    @Override
    public Optional<Instant> oldestFailedAt(int step) {
        return holds.values().stream()
                .filter(hold -> hold.step() == step)
                .map(Hold::headFailedAt)
                .min(Comparator.naturalOrder());
    }
}
