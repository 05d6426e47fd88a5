package com.monitorflow.webhooks.dispatch.delivery;

import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;

/**
 * What is still open on one partition this instance owns: for each record read, how many of its
 * deliveries have not had their outcome recorded yet. The offset that may be committed is that of
 * the first record still open, so a crash replays (and may duplicate) what was not recorded, and
 * loses nothing. Delivery threads complete entries while the poll thread adds them and reads the
 * committable offset, hence the lock.
 */
public final class PartitionProgress {

    private final TopicPartition partition;
    private final TreeMap<Long, Integer> open = new TreeMap<>();
    private long next = -1;
    private int pendingDeliveries;
    private int running;
    private boolean revoked;

    public PartitionProgress(TopicPartition partition) {
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }

    /** Records that the record at {@code offset} was read and fans out into {@code deliveries}. */
    public synchronized void add(long offset, int deliveries) {
        if (deliveries > 0) {
            open.put(offset, deliveries);
            pendingDeliveries += deliveries;
        }
        next = Math.max(next, offset + 1);
    }

    /** Claims a delivery thread for a delivery of this partition; false once the partition is revoked. */
    public synchronized boolean tryStart() {
        if (revoked) {
            return false;
        }
        running++;
        return true;
    }

    /** A delivery of the record at {@code offset} has its outcome recorded. */
    public synchronized void complete(long offset) {
        Integer left = open.get(offset);
        if (left != null) {
            if (left <= 1) {
                open.remove(offset);
            } else {
                open.put(offset, left - 1);
            }
            pendingDeliveries--;
        }
        finishRun();
    }

    /** A delivery thread ended without recording its outcome; the record stays open. */
    public synchronized void abandon() {
        finishRun();
    }

    /** The offset to commit: the first record still open, or past the last record read; -1 if none. */
    public synchronized long committable() {
        return open.isEmpty() ? next : open.firstKey();
    }

    /** Deliveries read from this partition whose outcome is not recorded yet. */
    public synchronized int pendingDeliveries() {
        return pendingDeliveries;
    }

    public synchronized boolean revoked() {
        return revoked;
    }

    /** No delivery of this partition starts from now on. */
    public synchronized void revoke() {
        revoked = true;
    }

    /** Waits until no delivery of this partition is running; false if {@code timeoutMillis} passed. */
    public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (running > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private void finishRun() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }
}
