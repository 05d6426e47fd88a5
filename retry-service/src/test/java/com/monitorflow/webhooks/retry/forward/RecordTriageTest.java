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

    private static PendingDelivery pending(int attempts, @Nullable Instant failedAt) {
        return new PendingDelivery("dlv_1", "acc_1", "whk_1", "evt_1", "sale.created", attempts, failedAt, null,
                500, "HTTP 500", BODY);
    }

    private static ConsumerRecord<byte[], byte[]> record(PendingDelivery delivery, Instant writtenAt) {
        var headers = new RecordHeaders();
        delivery.writeTo(headers);
        return new ConsumerRecord<>("deliveries.retry.1", 0, 7, writtenAt.toEpochMilli(), TimestampType.CREATE_TIME,
                0, 0, delivery.accountId().getBytes(StandardCharsets.UTF_8), delivery.body(), headers,
                Optional.empty());
    }
}
