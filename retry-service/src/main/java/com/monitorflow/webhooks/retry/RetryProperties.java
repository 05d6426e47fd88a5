package com.monitorflow.webhooks.retry;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the retry service waits and reports, bound from {@code monitorflow.retry.*}.
 *
 * @param delays the wait of each retry step, first step first; there must be exactly one per
 *     delay topic ({@code monitorflow.topics.retry-steps}). The defaults are 30 s, 2 min, 8 min,
 *     32 min and 2 h 8 min.
 * @param jitterRatio the largest jitter added to a step, as a fraction of that step's delay
 * @param maxJitter the upper bound of the jitter whatever the ratio gives. Records of one
 *     partition are handed back in order, so a record behind a jittered one can be up to this
 *     much late; keep it around a second.
 * @param groupId the consumer group of all retry-service instances; instances with the same group
 *     share the partitions of the delay topics
 * @param maxPollWait the longest the relay blocks in one poll when no partition becomes due
 *     earlier; bounds how quickly it notices new records, a stop or a rebalance
 * @param sendFailureBackoff how long a partition rests after a record could not be written
 *     downstream, before that record is tried again
 * @param lagRefresh how often the number of waiting records per step is read from the brokers
 * @param maxAccountTags how many distinct accounts the dead-letter counter is tagged with; dead
 *     letters of further accounts are counted under the account tag {@code other}
 */
@ConfigurationProperties("monitorflow.retry")
public record RetryProperties(
        @DefaultValue({"30s", "2m", "8m", "32m", "128m"}) List<Duration> delays,
        @DefaultValue("0.1") double jitterRatio,
        @DefaultValue("1s") Duration maxJitter,
        @DefaultValue("monitorflow-retry") String groupId,
        @DefaultValue("1s") Duration maxPollWait,
        @DefaultValue("1s") Duration sendFailureBackoff,
        @DefaultValue("15s") Duration lagRefresh,
        @DefaultValue("1000") int maxAccountTags) {

    public RetryProperties {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("monitorflow.retry.delays must be positive durations: " + delays);
        }
        if (jitterRatio < 0 || jitterRatio > 1) {
            throw new IllegalArgumentException("monitorflow.retry.jitter-ratio must be within 0..1: " + jitterRatio);
        }
        if (maxJitter.isNegative()) {
            throw new IllegalArgumentException("monitorflow.retry.max-jitter must not be negative");
        }
        if (maxPollWait.isNegative() || maxPollWait.isZero()) {
            throw new IllegalArgumentException("monitorflow.retry.max-poll-wait must be positive");
        }
    }
}
