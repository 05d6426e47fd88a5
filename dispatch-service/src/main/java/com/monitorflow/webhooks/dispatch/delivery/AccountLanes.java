package com.monitorflow.webhooks.dispatch.delivery;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs at most a fixed number of deliveries per account at once and queues the rest in order.
 * Since every topic is keyed by account and this instance owns all partitions of one number, the
 * limit here is the limit across all instances. One account's queue never holds up another's.
 */
public final class AccountLanes {

    private final int limit;
    private final Consumer<DeliveryJob> launcher;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param limit deliveries in flight per account
     * @param launcher starts a job on a thread of its own; the job must call {@link #release} once
     *     its HTTP attempt is over (or it did not start)
     */
    public AccountLanes(int limit, Consumer<DeliveryJob> launcher) {
        this.limit = limit;
        this.launcher = launcher;
    }

    /** Starts {@code job} now if its account has room, or queues it. */
    public void submit(DeliveryJob job) {
        boolean[] start = {false};
        lanes.compute(job.accountId(), (account, lane) -> {
            Lane current = lane == null ? new Lane() : lane;
            if (current.running < limit) {
                current.running++;
                start[0] = true;
            } else {
                current.queue.add(job);
            }
            return current;
        });
        if (start[0]) {
            inFlight.incrementAndGet();
            launcher.accept(job);
        }
    }

    /** A job of {@code accountId} is done with its slot; the next queued job of the account starts. */
    public void release(String accountId) {
        DeliveryJob[] next = {null};
        lanes.computeIfPresent(accountId, (account, lane) -> {
            lane.running--;
            next[0] = lane.queue.poll();
            if (next[0] != null) {
                lane.running++;
            }
            return lane.running == 0 && lane.queue.isEmpty() ? null : lane;
        });
        if (next[0] == null) {
            inFlight.decrementAndGet();
        } else {
            launcher.accept(next[0]);
        }
    }

    /** Drops every queued job of {@code progress}, after its partition was revoked. */
    public void purge(PartitionProgress progress) {
        for (String account : lanes.keySet()) {
            lanes.computeIfPresent(account, (key, lane) -> {
                lane.queue.removeIf(job -> job.progress() == progress);
                return lane.running == 0 && lane.queue.isEmpty() ? null : lane;
            });
        }
    }

    /** Deliveries running now, across all accounts. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Deliveries waiting for a slot, across all accounts. */
    public int queued() {
        return lanes.values().stream().mapToInt(lane -> lane.queue.size()).sum();
    }

    private static final class Lane {
        private int running;
        private final ArrayDeque<DeliveryJob> queue = new ArrayDeque<>();
    }
}
