package com.monitorflow.webhooks.retry.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.retry.schedule.RetrySchedule;

class RecordTriageTest {

    private static final Instant NOW = Instant.parse("2026-03-06T06:11:45Z");
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    private final RecordTriage triage = new RecordTriage(new RetrySchedule(
            List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(8), Duration.ofMinutes(32),
                    Duration.ofMinutes(128)), 0, Duration.ZERO));

    @Test
    void waitsUntilTheStepHasPassed() {
        Verdict verdict = triage.verdict(record(pending(1, NOW.minusSeconds(10)), NOW), 1, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Wait.class,
                wait -> assertThat(wait.due()).isEqualTo(NOW.plusSeconds(20)));
    }

    @Test
    void redeliversOnceDue() {
        Verdict verdict = triage.verdict(record(pending(2, NOW.minusSeconds(120)), NOW), 2, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Redeliver.class,
                redeliver -> assertThat(redeliver.due()).isEqualTo(NOW));
    }

    @Test
    void exhaustedDeliveryIsDeadAtOnce() {
        Verdict verdict = triage.verdict(record(pending(6, NOW), NOW), 5, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Dead.class,
                dead -> assertThat(dead.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED));
    }

    @Test
    void missingFailureTimeIsTakenFromTheRecordTimestamp() {
        Verdict verdict = triage.verdict(record(pending(1, null), NOW.minusSeconds(5)), 1, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Wait.class,
                wait -> assertThat(wait.due()).isEqualTo(NOW.plusSeconds(25)));
    }

    @Test
    void recordWithBrokenHeadersIsDead() {
        var headers = new RecordHeaders();
        pending(1, NOW).writeTo(headers);
        headers.remove(PendingDelivery.ATTEMPTS);
        headers.add(PendingDelivery.ATTEMPTS, "two".getBytes(StandardCharsets.UTF_8));

        Verdict verdict = triage.verdict(new ConsumerRecord<>("deliveries.retry.1", 0, 7, NOW.toEpochMilli(),
                TimestampType.CREATE_TIME, 0, 0, "acc_1".getBytes(StandardCharsets.UTF_8), BODY, headers,
                Optional.empty()), 1, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Dead.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeadLetterReason.UNREADABLE_RECORD);
            assertThat(dead.delivery()).isNull();
            assertThat(dead.detail()).contains(PendingDelivery.ATTEMPTS);
        });
    }

    @Test
    void recordWithoutKeyIsDead() {
        var headers = new RecordHeaders();
        pending(1, NOW).writeTo(headers);

        Verdict verdict = triage.verdict(new ConsumerRecord<>("deliveries.retry.1", 0, 7, NOW.toEpochMilli(),
                TimestampType.CREATE_TIME, 0, 0, null, BODY, headers, Optional.empty()), 1, NOW);

        assertThat(verdict).isInstanceOf(Verdict.Dead.class);
    }

    @Test
    void retryAfterWithinTheStepIsWaitedForInPlace() {
        Instant failedAt = NOW.minusSeconds(31);

        Verdict verdict = triage.verdict(record(asking(failedAt, NOW.plusSeconds(20)), failedAt), 1, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Wait.class,
                wait -> assertThat(wait.due()).isEqualTo(NOW.plusSeconds(20)));
    }

    @Test
    void retryAfterLongerThanTheStepWaitsOnlyForItsTurnOnThePartition() {
        Instant failedAt = NOW.minusSeconds(10);

        Verdict verdict = triage.verdict(record(asking(failedAt, NOW.plusSeconds(3600)), failedAt), 1, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Wait.class,
                wait -> assertThat(wait.due()).isEqualTo(failedAt.plusSeconds(30)));
    }

    @Test
    void retryAfterLongerThanTheStepMovesToTheLongestStepThatFits() {
        Instant failedAt = NOW.minusSeconds(30);

        Verdict verdict = triage.verdict(record(asking(failedAt, NOW.plusSeconds(3600)), failedAt), 1, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Move.class, move -> {
            assertThat(move.toStep()).isEqualTo(4);
            assertThat(move.movedAt()).isEqualTo(NOW);
            assertThat(move.due()).isEqualTo(NOW.plusSeconds(3600));
        });
    }

    @Test
    void aMoveReadLateCountsFromTheTurnButNeverFromMoreThanAStepAgo() {
        Instant failedAt = NOW.minusSeconds(30);
        PendingDelivery delivery = asking(failedAt, NOW.plusSeconds(3600));

        Verdict slightlyLate = triage.verdict(record(delivery, failedAt), 1, NOW.plusMillis(400));
        Verdict afterAnOutage = triage.verdict(record(delivery, failedAt), 1, NOW.plusSeconds(600));

        assertThat(slightlyLate).isInstanceOfSatisfying(Verdict.Move.class,
                move -> assertThat(move.movedAt()).isEqualTo(NOW));
        assertThat(afterAnOutage).isInstanceOfSatisfying(Verdict.Move.class,
                move -> assertThat(move.movedAt()).isEqualTo(NOW.plusSeconds(570)));
    }

    @Test
    void movedRecordTakesItsTurnFromTheMoveAndMovesOnUntilTheTimeLeftIsShort() {
        Instant failedAt = NOW.minusSeconds(30 + 32 * 60);
        Instant notBefore = NOW.plusSeconds(28 * 60 + 10);
        Instant movedAt = NOW.minusSeconds(32 * 60);

        Verdict early = triage.verdict(moved(asking(failedAt, notBefore), movedAt.plusSeconds(1)), 4, NOW);
        Verdict onTurn = triage.verdict(moved(asking(failedAt, notBefore), movedAt), 4, NOW);
        Verdict last = triage.verdict(moved(asking(failedAt, notBefore), NOW.minusSeconds(30)), 1,
                notBefore.minusSeconds(10));
        Verdict due = triage.verdict(moved(asking(failedAt, notBefore), NOW.minusSeconds(30)), 1, notBefore);

        assertThat(early).isInstanceOfSatisfying(Verdict.Wait.class,
                wait -> assertThat(wait.due()).isEqualTo(NOW.plusSeconds(1)));
        assertThat(onTurn).isInstanceOfSatisfying(Verdict.Move.class,
                move -> assertThat(move.toStep()).isEqualTo(3));
        assertThat(last).isInstanceOfSatisfying(Verdict.Wait.class,
                wait -> assertThat(wait.due()).isEqualTo(notBefore));
        assertThat(due).isInstanceOfSatisfying(Verdict.Redeliver.class,
                redeliver -> assertThat(redeliver.due()).isEqualTo(notBefore));
    }

    @Test
    void retryAfterBeyondTheLongestStepIsCappedThere() {
        Instant failedAt = NOW.minusSeconds(128 * 60);

        Verdict verdict = triage.verdict(moved(asking(failedAt, NOW.plusSeconds(86_400)), NOW.minusSeconds(30)), 1,
                NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Redeliver.class,
                redeliver -> assertThat(redeliver.due()).isEqualTo(NOW));
    }

    @Test
    void movedAtThatIsNotANumberIsDead() {
        ConsumerRecord<byte[], byte[]> record = record(pending(1, NOW.minusSeconds(60)), NOW);
        record.headers().add(PendingDelivery.MOVED_AT, "soon".getBytes(StandardCharsets.UTF_8));

        Verdict verdict = triage.verdict(record, 1, NOW);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Dead.class,
                dead -> assertThat(dead.detail()).contains(PendingDelivery.MOVED_AT));
    }

    private static PendingDelivery pending(int attempts, @Nullable Instant failedAt) {
        return new PendingDelivery("dlv_1", "acc_1", "whk_1", "evt_1", "sale.created", attempts, failedAt, null,
                500, "HTTP 500", BODY);
    }

    private static PendingDelivery asking(Instant failedAt, Instant notBefore) {
        return new PendingDelivery("dlv_1", "acc_1", "whk_1", "evt_1", "sale.created", 1, failedAt, notBefore,
                429, "HTTP 429", BODY);
    }

    private static ConsumerRecord<byte[], byte[]> moved(PendingDelivery delivery, Instant movedAt) {
        ConsumerRecord<byte[], byte[]> record = record(delivery, movedAt);
        record.headers().add(PendingDelivery.MOVED_AT,
                Long.toString(movedAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static ConsumerRecord<byte[], byte[]> record(PendingDelivery delivery, Instant writtenAt) {
        var headers = new RecordHeaders();
        delivery.writeTo(headers);
        return new ConsumerRecord<>("deliveries.retry.1", 0, 7, writtenAt.toEpochMilli(), TimestampType.CREATE_TIME,
                0, 0, delivery.accountId().getBytes(StandardCharsets.UTF_8), delivery.body(), headers,
                Optional.empty());
    }
}
