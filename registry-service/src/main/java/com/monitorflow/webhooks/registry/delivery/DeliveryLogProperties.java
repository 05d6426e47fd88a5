package com.monitorflow.webhooks.registry.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the delivery log is kept, bound from {@code monitorflow.registry.delivery-log.*}. The log
 * keeps attempts for the 7 days the public documentation promises.
 *
 * @param partitionsAhead how many days of attempt partitions exist ahead of today, so that the
 *     consumer rarely has to create one
 * @param maintenanceInterval how often partitions are created ahead and expired ones dropped (the
 *     job also runs at start); ISO-8601, such as {@code PT1H}
 * @param requeueTimeout how long resend and re-drive wait for the broker to take their records
 * @param maxRedrivePerRequest the most dead deliveries one bulk re-drive request re-queues
 */
@ConfigurationProperties("monitorflow.registry.delivery-log")
public record DeliveryLogProperties(
        @DefaultValue("3") int partitionsAhead,
        @DefaultValue("PT1H") Duration maintenanceInterval,
        @DefaultValue("10s") Duration requeueTimeout,
        @DefaultValue("1000") int maxRedrivePerRequest) {
}
