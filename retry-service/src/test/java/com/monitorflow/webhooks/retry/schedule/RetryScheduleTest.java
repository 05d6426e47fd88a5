package com.monitorflow.webhooks.retry.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final List<Duration> DEFAULT_STEPS = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(8), Duration.ofMinutes(32), Duration.ofMinutes(128));
    private static final Instant FAILED_AT = Instant.parse("2026-03-06T06:11:45Z");

    private final RetrySchedule schedule = new RetrySchedule(DEFAULT_STEPS, 0.1, Duration.ofSeconds(1));
    private final RetrySchedule withoutJitter = new RetrySchedule(DEFAULT_STEPS, 0, Duration.ZERO);

    @Test
    void delaysFollowTheConfiguredSteps() {
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(schedule::delay)).containsExactlyElementsOf(DEFAULT_STEPS);
        assertThat(schedule.longestStep()).isEqualTo(Duration.ofMinutes(128));
        assertThatThrownBy(() -> schedule.delay(6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jitterIsDeterministicAndBounded() {
        for (int i = 0; i < 500; i++) {
            String deliveryId = "dlv_" + i;
            Duration jitter = schedule.jitter(1, deliveryId, 1);

            assertThat(jitter).isEqualTo(new RetrySchedule(DEFAULT_STEPS, 0.1, Duration.ofSeconds(1))
                    .jitter(1, deliveryId, 1));
            assertThat(jitter).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Test
    void jitterFollowsTheRatioWhenItIsBelowTheCap() {
        RetrySchedule shortSteps = new RetrySchedule(List.of(Duration.ofSeconds(2)), 0.1, Duration.ofSeconds(1));

        assertThat(IntStream.range(0, 500).mapToObj(i -> shortSteps.jitter(1, "dlv_" + i, 2)))
                .allSatisfy(jitter -> assertThat(jitter).isBetween(Duration.ZERO, Duration.ofMillis(200)))
                .anySatisfy(jitter -> assertThat(jitter).isGreaterThan(Duration.ofMillis(100)));
    }

    @Test
    void dueTimeIsFailureTimePlusDelayPlusJitter() {
        Instant due = schedule.dueAt(3, "dlv_a", 3, FAILED_AT, null);

        assertThat(due).isEqualTo(FAILED_AT.plus(Duration.ofMinutes(8)).plus(schedule.jitter(3, "dlv_a", 3)));
    }

    @Test
    void retryAfterLaterThanTheStepIsHonoured() {
        Instant notBefore = FAILED_AT.plus(Duration.ofMinutes(5));

        assertThat(withoutJitter.dueAt(1, "dlv_a", 1, FAILED_AT, notBefore)).isEqualTo(notBefore);
    }

    @Test
    void retryAfterEarlierThanTheStepKeepsTheSchedule() {
        Instant notBefore = FAILED_AT.plusSeconds(5);

        assertThat(withoutJitter.dueAt(1, "dlv_a", 1, FAILED_AT, notBefore)).isEqualTo(FAILED_AT.plusSeconds(30));
    }

    @Test
    void retryAfterIsCappedAtTheLongestStep() {
        Instant notBefore = FAILED_AT.plus(Duration.ofDays(2));

        assertThat(withoutJitter.dueAt(1, "dlv_a", 1, FAILED_AT, notBefore))
                .isEqualTo(FAILED_AT.plus(Duration.ofMinutes(128)));
        assertThat(schedule.dueAt(5, "dlv_a", 6, FAILED_AT, notBefore))
                .isEqualTo(schedule.dueAt(5, "dlv_a", 6, FAILED_AT, null));
    }
}
