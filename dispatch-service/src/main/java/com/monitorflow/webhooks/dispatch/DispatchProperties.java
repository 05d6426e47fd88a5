package com.monitorflow.webhooks.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How dispatch consumes, delivers and holds back, bound from {@code monitorflow.dispatch.*}.
 *
 * @param groupId the consumer group of every dispatch instance; all instances must share it
 * @param attemptTimeout the bound on one whole HTTP attempt: connect, TLS, request, response
 *     headers and the response excerpt; the public documentation promises 10 seconds
 * @param userAgent the {@code User-Agent} sent with every delivery
 * @param maxIdleConnections idle keep-alive connections kept across all endpoints; sized for
 *     many receivers, since opening a TLS connection costs far more than a request on an open one
 * @param maxPendingPerPartition deliveries queued or running for one partition before it is
 *     paused; it resumes once half of them are done
 * @param maxQueueWait how long a delivery may be expected to wait for a free slot of its account
 *     (10 in flight) before it is deferred to the first retry step instead of queued, to come back
 *     after that step as the same attempt; so an account with slow or hung endpoints cannot fill
 *     its partition and pause other accounts
 * @param pollTimeout the longest one poll of the event topics waits for records
 * @param maxPollRecords records one poll returns at most
 * @param changelogStartupTimeout how long to wait for {@code webhooks.changelog} to exist at start
 *     before logging that dispatch is still waiting for it
 */
@ConfigurationProperties("monitorflow.dispatch")
public record DispatchProperties(
        @DefaultValue("dispatch-service") String groupId,
        @DefaultValue("10s") Duration attemptTimeout,
        @DefaultValue("MonitorFlow-Webhooks/dev") String userAgent,
        @DefaultValue("512") int maxIdleConnections,
        @DefaultValue("5000") int maxPendingPerPartition,
        @DefaultValue("30s") Duration maxQueueWait,
        @DefaultValue("100ms") Duration pollTimeout,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("30s") Duration changelogStartupTimeout) {

    /** The defaults, for code that runs without Spring. */
    public static DispatchProperties defaults() {
        return new DispatchProperties("dispatch-service", Duration.ofSeconds(10), "MonitorFlow-Webhooks/dev",
                512, 5000, Duration.ofSeconds(30), Duration.ofMillis(100), 500, Duration.ofSeconds(30));
    }

    /** These properties with another group id. */
    public DispatchProperties withGroupId(String newGroupId) {
        return new DispatchProperties(newGroupId, attemptTimeout, userAgent, maxIdleConnections,
                maxPendingPerPartition, maxQueueWait, pollTimeout, maxPollRecords, changelogStartupTimeout);
    }

    /** These properties with another attempt timeout. */
    public DispatchProperties withAttemptTimeout(Duration timeout) {
        return new DispatchProperties(groupId, timeout, userAgent, maxIdleConnections,
                maxPendingPerPartition, maxQueueWait, pollTimeout, maxPollRecords, changelogStartupTimeout);
    }

    /** These properties with another pause threshold. */
    public DispatchProperties withMaxPendingPerPartition(int max) {
        return new DispatchProperties(groupId, attemptTimeout, userAgent, maxIdleConnections,
                max, maxQueueWait, pollTimeout, maxPollRecords, changelogStartupTimeout);
    }

    /** These properties with another bound on the expected wait for a slot. */
    public DispatchProperties withMaxQueueWait(Duration wait) {
        return new DispatchProperties(groupId, attemptTimeout, userAgent, maxIdleConnections,
                maxPendingPerPartition, wait, pollTimeout, maxPollRecords, changelogStartupTimeout);
    }
}
