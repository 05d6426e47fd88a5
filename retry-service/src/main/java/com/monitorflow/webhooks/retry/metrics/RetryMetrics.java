package com.monitorflow.webhooks.retry.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The retry service's meters. Per delay step: {@code monitorflow.retry.forwarded} (deliveries
 * handed back to dispatch), {@code monitorflow.retry.forward.lateness} (how long after its due time
 * a delivery was handed back), {@code monitorflow.retry.oldest.waiting.age} (seconds since the
 * oldest delivery this instance holds back last failed) and {@code monitorflow.retry.waiting}
 * (records not yet handed back, for the whole group; see {@link WaitingRecordsProbe}).
 * {@code monitorflow.retry.dead.letters} counts dead letters by account and reason; the account tag
 * is bounded by {@code monitorflow.retry.max-account-tags}.
 */
public final class RetryMetrics {

    private final MeterRegistry registry;
    private final AccountTags accountTags;

    public RetryMetrics(MeterRegistry registry, int steps, int maxAccountTags, WaitingHeads heads,
            WaitingRecordsProbe waiting, Clock clock) {
        this.registry = registry;
        this.accountTags = new AccountTags(maxAccountTags);
        for (int step = 1; step <= steps; step++) {
            registerStepGauges(step, heads, waiting, clock);
        }
    }

    private void registerStepGauges(int step, WaitingHeads heads, WaitingRecordsProbe waiting, Clock clock) {
        String stepTag = Integer.toString(step);
        Gauge.builder("monitorflow.retry.oldest.waiting.age", heads,
                        h -> h.oldestFailedAt(step)
                                .map(failedAt -> Duration.between(failedAt, clock.instant()).toMillis() / 1000.0)
                                .orElse(0.0))
                .description("Seconds since the oldest delivery this instance holds back on the step last failed")
                .baseUnit("seconds")
                .tag("step", stepTag)
                .register(registry);
        Gauge.builder("monitorflow.retry.waiting", waiting, w -> w.waiting(step))
                .description("Records of the step's delay topic not yet handed on by the retry group")
                .baseUnit("records")
                .tag("step", stepTag)
                .register(registry);
    }

    /** A delivery of step {@code step} was handed back to dispatch {@code lateness} after its due time. */
    public void forwarded(int step, Duration lateness) {
        String stepTag = Integer.toString(step);
        Counter.builder("monitorflow.retry.forwarded")
                .description("Deliveries handed back to dispatch when due")
                .tag("step", stepTag)
                .register(registry)
                .increment();
        Timer.builder("monitorflow.retry.forward.lateness")
                .description("How long after its due time a delivery was handed back")
                .tag("step", stepTag)
                .register(registry)
                .record(Math.max(0, lateness.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** A delivery whose endpoint asked for more time moved from step {@code from} to step {@code to}. */
    public void moved(int from, int to) {
        Counter.builder("monitorflow.retry.moved")
                .description("Deliveries moved to another step because their endpoint asked for more time")
                .tag("step", Integer.toString(from))
                .tag("to", Integer.toString(to))
                .register(registry)
                .increment();
    }

    /** A record went to the dead-letter topic. */
    public void deadLettered(@Nullable String accountId, String reason) {
        Counter.builder("monitorflow.retry.dead.letters")
                .description("Records written to the dead-letter topic, by account (bounded) and reason")
                .tag("account", accountTags.tagFor(accountId))
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
