package com.monitorflow.webhooks.retry.forward;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.monitorflow.webhooks.model.Limits;
import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.retry.schedule.RetrySchedule;

/**
 * Decides, from a record of delay topic {@code step} alone and the current time, whether its
 * delivery is due, must wait, or is a dead letter. Holds no state, so a restart or another
 * instance decides the same.
 */
final class RecordTriage {

    private final RetrySchedule schedule;

    RecordTriage(RetrySchedule schedule) {
        this.schedule = schedule;
    }

    Verdict verdict(ConsumerRecord<byte[], byte[]> record, int step, Instant now) {
        Instant writtenAt = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
        if (record.key() == null) {
            return new Verdict.Dead(null, DeadLetterReason.UNREADABLE_RECORD, "The record has no account key",
                    writtenAt);
        }
        if (record.value() == null) {
            return new Verdict.Dead(null, DeadLetterReason.UNREADABLE_RECORD, "The record has no body", writtenAt);
        }
        PendingDelivery delivery;
        try {
            String accountId = new String(record.key(), StandardCharsets.UTF_8);
            delivery = PendingDelivery.readFrom(accountId, record.headers(), record.value());
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new Verdict.Dead(null, DeadLetterReason.UNREADABLE_RECORD, e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage(), writtenAt);
        }

        // A record written without a failure time is scheduled from the time it was written.
        Instant failedAt = delivery.failedAt() != null ? delivery.failedAt() : writtenAt;
        if (delivery.attempts() > Limits.MAX_RETRIES) {
            return new Verdict.Dead(delivery, DeadLetterReason.RETRIES_EXHAUSTED,
                    "All " + delivery.attempts() + " attempts failed", failedAt);
        }
        Instant due = schedule.dueAt(step, delivery.deliveryId(), delivery.attempts(), failedAt, delivery.notBefore());
        return due.isAfter(now)
                ? new Verdict.Wait(delivery, due, failedAt)
                : new Verdict.Redeliver(delivery, due, failedAt);
    }
}
