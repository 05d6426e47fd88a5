package com.monitorflow.webhooks.dispatch.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs at most a fixed number of deliveries per account at once and queues the rest in order.
 * Since every topic is keyed by account and this instance owns all partitions of one number, the
 * limit here is the limit across all instances. One account's queue never holds up another's.
 *
 * <p>An account whose endpoints are slow or hung must not pile up deliveries here either: that
 * would fill its partition's allowance of open deliveries and pause the partition for every other
 * account on it. So each lane estimates how long a newly queued delivery would wait for a slot,
 * from the time its attempts take (or, while none ends, the time since the last one ended), and a
 * delivery that would wait longer than the bound is deferred instead: handed to the first retry
 * step without an attempt, to come back when the account has had time to catch up. Since that
 * estimate grows while an endpoint hangs, {@link #deferOverdue} also defers from the tail of each
 * queue what it can no longer work off in time, so a burst that arrived before the endpoint hung
 * does not stay either.
 */
public final class AccountLanes {

    /** Weight of the newest attempt in a lane's running average of attempt times. */
    private static final double SMOOTHING = 0.2;
    private static final long OVERDUE_CHECK_MILLIS = 100;
    /**
     * Below this, the time since a lane's last attempt ended says nothing about its endpoint: a
     * lane that has just started, or a busy machine, shows such gaps too.
     */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int limit;
    private final long maxWaitNanos;
    private final Consumer<DeliveryJob> launcher;
    private final Consumer<DeliveryJob> deferrer;
    private final LongSupplier nanoTime;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private long lastOverdueCheckNanos;

    /**
     * @param limit deliveries in flight per account
     * @param maxWait how long a delivery may be expected to wait for a slot before it is deferred
     * @param launcher starts a job on a thread of its own; the job must call {@link #release} once
     *     its HTTP attempt is over (or it did not start)
     * @param deferrer hands a job that is not queued to the first retry step; it holds no slot
     * @param nanoTime the clock that attempt times are measured with, {@link System#nanoTime}
     */
    public AccountLanes(int limit, Duration maxWait, Consumer<DeliveryJob> launcher, Consumer<DeliveryJob> deferrer,
            LongSupplier nanoTime) {
        this.limit = limit;
        this.maxWaitNanos = maxWait.toNanos();
        this.launcher = launcher;
        this.deferrer = deferrer;
        this.nanoTime = nanoTime;
        this.lastOverdueCheckNanos = nanoTime.getAsLong() - TimeUnit.MILLISECONDS.toNanos(OVERDUE_CHECK_MILLIS);
    }

    /** Starts {@code job} now if its account has room, or queues it, or defers it. */
    public void submit(DeliveryJob job) {
        long now = nanoTime.getAsLong();
        Admission[] admission = {Admission.QUEUED};
        lanes.compute(job.accountId(), (account, lane) -> {
            Lane current = lane == null ? new Lane(now) : lane;
            if (current.running < limit) {
                current.running++;
                admission[0] = Admission.STARTED;
            } else if (current.expectedWaitNanos(now, limit, current.queue.size()) > maxWaitNanos) {
                admission[0] = Admission.DEFERRED;
            } else {
                current.queue.add(job);
            }
            return current;
        });
        switch (admission[0]) {
            case STARTED -> {
                inFlight.incrementAndGet();
                launcher.accept(job);
            }
            case DEFERRED -> deferrer.accept(job);
            case QUEUED -> {
                // Started by release() once a slot of the account is free.
            }
        }
    }

    /**
     * A job of {@code accountId} is done with its slot after an attempt of {@code attemptNanos};
     * the next queued job of the account starts.
     */
    public void release(String accountId, long attemptNanos) {
        long now = nanoTime.getAsLong();
        DeliveryJob[] next = {null};
        lanes.computeIfPresent(accountId, (account, lane) -> {
            lane.running--;
            lane.attemptEnded(now, attemptNanos);
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

    /** A job of {@code accountId} gives its slot back without having made an attempt. */
    public void release(String accountId) {
        release(accountId, -1);
    }

    /**
     * Defers, newest first, the queued jobs of every account that it can no longer work off within
     * the bound. The poll loop calls it after each poll; it looks at the lanes at most every
     * {@value #OVERDUE_CHECK_MILLIS} ms.
     */
    public void deferOverdue() {
        long now = nanoTime.getAsLong();
        if (now - lastOverdueCheckNanos < TimeUnit.MILLISECONDS.toNanos(OVERDUE_CHECK_MILLIS)) {
            return;
        }
        lastOverdueCheckNanos = now;
        List<DeliveryJob> overdue = new ArrayList<>();
        for (String account : lanes.keySet()) {
            lanes.computeIfPresent(account, (key, lane) -> {
                while (!lane.queue.isEmpty()
                        && lane.expectedWaitNanos(now, limit, lane.queue.size() - 1) > maxWaitNanos) {
                    overdue.add(lane.queue.pollLast());
                }
                return lane;
            });
        }
        overdue.forEach(deferrer);
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

    private enum Admission { STARTED, QUEUED, DEFERRED }

    /** One account's slots and queue; only touched inside the map's compute functions. */
    private static final class Lane {
        private final ArrayDeque<DeliveryJob> queue = new ArrayDeque<>();
        private int running;
        private double averageAttemptNanos;
        private long lastEndNanos;

        Lane(long now) {
            this.lastEndNanos = now;
        }

        void attemptEnded(long now, long attemptNanos) {
            if (attemptNanos < 0) {
                return;
            }
            averageAttemptNanos = averageAttemptNanos == 0
                    ? attemptNanos
                    : SMOOTHING * attemptNanos + (1 - SMOOTHING) * averageAttemptNanos;
            lastEndNanos = now;
        }

        /**
         * How long a job with {@code ahead} queued jobs before it waits until it is done: each of
         * them, and itself, needs a slot for about one attempt time. While no attempt ends for more
         * than a second, the time since the last one ended is a lower bound of the attempt time, so
         * a lane whose endpoint hangs is noticed before its first attempt times out.
         */
        long expectedWaitNanos(long now, int limit, int ahead) {
            long stalled = now - lastEndNanos;
            double perAttempt = Math.max(averageAttemptNanos, stalled >= STALL_NANOS ? stalled : 0);
            return (long) ((ahead + 1) * perAttempt / limit);
        }
    }
}
