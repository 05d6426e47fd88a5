package com.monitorflow.webhooks.registry.lag;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the registry watches the consumer groups of the product, bound from {@code monitorflow.lag.*}.
 *
 * @param groups the consumer groups to report, whether or not they have members right now; the
 *     defaults are the group ids the services use out of the box: {@code ingest} (ingest-service,
 *     {@code spring.kafka.consumer.group-id}), {@code dispatch-service}
 *     ({@code monitorflow.dispatch.group-id}), {@code monitorflow-retry}
 *     ({@code monitorflow.retry.group-id}) and {@code registry-service} (the registry's delivery-log
 *     writer, {@code spring.kafka.consumer.group-id}). Change a service's group id and this list must
 *     follow.
 * @param refreshInterval how often the Prometheus gauges are refreshed from the brokers
 * @param timeout the bound on each call to the brokers while reading the lag, and on reading the
 *     oldest unconsumed record of each lagging partition
 * @param metricsEnabled whether the gauges are registered and refreshed on a schedule; the admin
 *     endpoint works either way
 */
@ConfigurationProperties("monitorflow.lag")
public record LagProperties(
        @DefaultValue({"ingest", "dispatch-service", "monitorflow-retry", "registry-service"}) List<String> groups,
        @DefaultValue("30s") Duration refreshInterval,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("true") boolean metricsEnabled) {

    public LagProperties {
        groups = List.copyOf(groups);
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("monitorflow.lag.refresh-interval must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("monitorflow.lag.timeout must be positive");
        }
    }
}
