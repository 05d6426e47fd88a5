package com.monitorflow.webhooks.registry.lag;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The back-off steps of the retry service, read by the lag view from the same property the retry
 * service uses ({@code monitorflow.retry.delays}), so that one ConfigMap value serves both. Only
 * the delays are bound here; the retry service's other settings are none of the registry's business.
 *
 * @param delays the wait of each retry step, first step first; defaults 30 s, 2 min, 8 min, 32 min
 *     and 2 h 8 min, as in the retry service
 */
@ConfigurationProperties("monitorflow.retry")
public record RetryStepDelays(@DefaultValue({"30s", "2m", "8m", "32m", "128m"}) List<Duration> delays) {

    public RetryStepDelays {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("monitorflow.retry.delays must be positive durations: " + delays);
        }
    }

    /** The defaults of the retry service. */
    public static RetryStepDelays defaults() {
        return new RetryStepDelays(List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(8),
                Duration.ofMinutes(32), Duration.ofMinutes(128)));
    }

    /** The delay of step {@code step} counted from 1; steps beyond the list use the last delay. */
    public Duration delay(int step) {
        return delays.get(Math.min(Math.max(step, 1), delays.size()) - 1);
    }
}
