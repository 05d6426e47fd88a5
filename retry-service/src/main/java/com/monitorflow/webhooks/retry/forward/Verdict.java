package com.monitorflow.webhooks.retry.forward;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.monitorflow.webhooks.model.PendingDelivery;

/** What the relay does with one record of a delay topic. */
sealed interface Verdict {

    /**
     * When the record's delivery last failed (or, for a record whose headers cannot be read, when
     * it was written); the age of a waiting record is measured from here.
     */
    Instant failedAt();

    /** The delivery is due: hand it back to dispatch unchanged. */
    record Redeliver(PendingDelivery delivery, Instant due, Instant failedAt) implements Verdict {
    }

    /** The delivery is not due before {@code due}: the partition waits for it. */
    record Wait(PendingDelivery delivery, Instant due, Instant failedAt) implements Verdict {
    }

    /**
     * The delivery's turn on this step has come but its endpoint asked to wait until {@code due},
     * longer than step {@code toStep}'s delay: it moves to the end of that step's topic, noting the
     * move at {@code movedAt}, instead of holding back the records behind it on this partition.
     */
    record Move(PendingDelivery delivery, int toStep, Instant movedAt, Instant due, Instant failedAt)
            implements Verdict {
    }

    /**
     * The record rests on the dead-letter topic: its retries are exhausted or it cannot be read.
     * {@code delivery} is null when the record's key or headers cannot be read.
     */
    record Dead(@Nullable PendingDelivery delivery, DeadLetterReason reason, String detail, Instant failedAt)
            implements Verdict {
    }
}
