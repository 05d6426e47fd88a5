package com.monitorflow.webhooks.retry.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up while the relay polls the delay topics; down while it reconnects after a failure or when it
 * has not polled for longer than Kafka's default {@code max.poll.interval.ms}, after which the
 * group would have given its partitions to another instance.
 */
final class RetryRelayHealth implements HealthIndicator {

    private static final Duration STALLED_AFTER = Duration.ofMinutes(5);

    private final RetryRelay relay;
    private final Clock clock;

    RetryRelayHealth(RetryRelay relay, Clock clock) {
        this.relay = relay;
        this.clock = clock;
    }

    @Override
    public Health health() {
        RetryRelay.RelayStatus status = relay.status();
        if (status.lastFailure() != null) {
            return Health.down().withDetail("failure", status.lastFailure()).build();
        }
        if (!status.started()) {
            return Health.outOfService().build();
        }
        Instant lastPollAt = status.lastPollAt();
        if (!status.polling() || lastPollAt == null) {
            return Health.unknown().withDetail("state", "connecting").build();
        }
        Health.Builder health = lastPollAt.plus(STALLED_AFTER).isBefore(clock.instant())
                ? Health.down().withDetail("state", "stalled")
                : Health.up();
        return health.withDetail("assignedPartitions", status.assignedPartitions())
                .withDetail("lastPollAt", lastPollAt.toString())
                .build();
    }
}
