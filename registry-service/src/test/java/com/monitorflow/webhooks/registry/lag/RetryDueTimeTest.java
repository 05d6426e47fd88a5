package com.monitorflow.webhooks.registry.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.monitorflow.webhooks.model.PendingDelivery;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RetryDueTimeTest {

    private static final Instant FAILED_AT = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant WRITTEN = Instant.parse("2026-12-03T10:00:01Z");

    private final RetryDueTime dueTime = new RetryDueTime(RetryStepDelays.defaults());

    @Test
    void dueIsFailureTimePlusTheStepDelay() {
        var headers = headers(FAILED_AT, null);

        assertThat(dueTime.dueAt(1, headers, WRITTEN)).isEqualTo(FAILED_AT.plusSeconds(30));
        assertThat(dueTime.dueAt(3, headers, WRITTEN)).isEqualTo(FAILED_AT.plus(Duration.ofMinutes(8)));
    }

    @Test
    void notBeforeWithinTheShortestStepOfTheTurnIsWaitedFor() {
        Instant later = FAILED_AT.plusSeconds(45);

        assertThat(dueTime.dueAt(1, headers(FAILED_AT, later), WRITTEN)).isEqualTo(later);
        assertThat(dueTime.dueAt(1, headers(FAILED_AT, FAILED_AT), WRITTEN)).isEqualTo(FAILED_AT.plusSeconds(30));
    }

    @Test
    void longerNotBeforeIsActedOnAtTheTurnWhenTheRecordMovesOn() {
        Instant later = FAILED_AT.plus(Duration.ofMinutes(5));
        Instant farAway = FAILED_AT.plus(Duration.ofDays(1));

        assertThat(dueTime.dueAt(1, headers(FAILED_AT, later), WRITTEN)).isEqualTo(FAILED_AT.plusSeconds(30));
        assertThat(dueTime.dueAt(1, headers(FAILED_AT, farAway), WRITTEN)).isEqualTo(FAILED_AT.plusSeconds(30));
    }

    @Test
    void movedRecordTakesItsTurnFromTheMove() {
        Instant movedAt = FAILED_AT.plusSeconds(30);
        var headers = headers(FAILED_AT, FAILED_AT.plus(Duration.ofMinutes(8)).plusSeconds(50));
        headers.add(PendingDelivery.MOVED_AT, Long.toString(movedAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        var beyondTheCap = headers(FAILED_AT, FAILED_AT.plus(Duration.ofDays(1)));
        Instant lastMove = FAILED_AT.plus(Duration.ofMinutes(128)).minusSeconds(20);
        beyondTheCap.add(PendingDelivery.MOVED_AT,
                Long.toString(lastMove.minusSeconds(30).toEpochMilli()).getBytes(StandardCharsets.UTF_8));

        assertThat(dueTime.dueAt(3, headers, WRITTEN)).isEqualTo(movedAt.plus(Duration.ofMinutes(8)).plusSeconds(20));
        assertThat(dueTime.dueAt(1, beyondTheCap, WRITTEN)).isEqualTo(FAILED_AT.plus(Duration.ofMinutes(128)));
    }

    @Test
    void recordWithoutFailureTimeCountsFromItsWriteTime() {
        var headers = new RecordHeaders();
        headers.add(PendingDelivery.FAILED_AT, "not a number".getBytes(StandardCharsets.UTF_8));

        assertThat(dueTime.dueAt(2, headers, WRITTEN)).isEqualTo(WRITTEN.plus(Duration.ofMinutes(2)));
        assertThat(dueTime.dueAt(2, new RecordHeaders(), WRITTEN)).isEqualTo(WRITTEN.plus(Duration.ofMinutes(2)));
    }

    private static RecordHeaders headers(Instant failedAt, Instant notBefore) {
        var headers = new RecordHeaders();
        headers.add(PendingDelivery.FAILED_AT, Long.toString(failedAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        if (notBefore != null) {
            headers.add(PendingDelivery.NOT_BEFORE,
                    Long.toString(notBefore.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
