package com.monitorflow.webhooks.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-03-06T06:11:45Z");

    @Test
    void readsSecondsOn429And503() {
        assertThat(RetryAfter.notBefore(429, "120", NOW)).isEqualTo(NOW.plusSeconds(120));
        assertThat(RetryAfter.notBefore(503, " 30 ", NOW)).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.notBefore(503, "Fri, 06 Mar 2026 07:00:00 GMT", NOW))
                .isEqualTo(Instant.parse("2026-03-06T07:00:00Z"));
    }

    @Test
    void ignoresOtherStatusesPastDatesAndGarbage() {
        assertThat(RetryAfter.notBefore(500, "120", NOW)).isNull();
        assertThat(RetryAfter.notBefore(429, "Thu, 05 Mar 2026 07:00:00 GMT", NOW)).isNull();
        assertThat(RetryAfter.notBefore(429, "soon", NOW)).isNull();
        assertThat(RetryAfter.notBefore(429, null, NOW)).isNull();
        assertThat(RetryAfter.notBefore(null, "120", NOW)).isNull();
    }

    @Test
    void capsVeryLongRequests() {
        assertThat(RetryAfter.notBefore(429, "99999999999999999999", NOW)).isEqualTo(NOW.plusSeconds(86_400));
    }
}
