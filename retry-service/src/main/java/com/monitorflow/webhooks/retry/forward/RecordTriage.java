package com.monitorflow.webhooks.retry.forward;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import com.monitorflow.webhooks.model.Limits;
import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.retry.schedule.RetrySchedule;

/**
 * Decides, from a record of delay topic {@code step} alone and the current time, whether its
 * delivery is due, must wait, moves on to another step, or is a dead letter. Holds no state, so a
 * restart or another instance decides the same.
 *
 * <p>A record waits on its partition only for its own turn (the step's delay after it was written
 * there), which comes in offset order. When the turn has come but the endpoint's
 * {@code Retry-After} asks for more time, the record does not hold the partition: it moves to the
 * step whose delay fits best in the time left, and so on until the time left is shorter than the
 * shortest step, which it waits in place. One endpoint asking for two hours thus holds back other
 * accounts' retries by at most the shortest step.
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
        Instant previousMove;
        try {
            previousMove = movedAt(record);
        } catch (NumberFormatException e) {
            return new Verdict.Dead(delivery, DeadLetterReason.UNREADABLE_RECORD,
                    "Header " + PendingDelivery.MOVED_AT + " is not a number of milliseconds", failedAt);
        }
        Instant turn = schedule.turn(step, delivery.deliveryId(), delivery.attempts(),
                previousMove != null ? previousMove : failedAt);
        if (turn.isAfter(now)) {
            return new Verdict.Wait(delivery, turn, failedAt);
        }
        Instant requested = schedule.requested(failedAt, delivery.notBefore());
        if (requested == null || !requested.isAfter(now)) {
            return new Verdict.Redeliver(delivery, requested == null || turn.isAfter(requested) ? turn : requested,
                    failedAt);
        }
        int toStep = schedule.longestStepWithin(Duration.between(now, requested));
        if (toStep == 0) {
            return new Verdict.Wait(delivery, requested, failedAt);
        }
        // The next turn counts from this turn, not from now, so the time it took to read and move
        // the record does not add up over several moves; after a long outage, from a step ago.
        Instant shortestStepAgo = now.minus(schedule.shortestStep());
        return new Verdict.Move(delivery, toStep, turn.isAfter(shortestStepAgo) ? turn : shortestStepAgo,
                requested, failedAt);
    }

    private static @Nullable Instant movedAt(ConsumerRecord<byte[], byte[]> record) {
        String text = PendingDelivery.text(record.headers(), PendingDelivery.MOVED_AT);
        return text == null ? null : Instant.ofEpochMilli(Long.parseLong(text.strip()));
    }
}
