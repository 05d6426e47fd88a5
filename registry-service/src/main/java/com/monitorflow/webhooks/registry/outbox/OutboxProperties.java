package com.monitorflow.webhooks.registry.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox is published to {@code webhooks.changelog}, bound from
 * {@code monitorflow.registry.outbox.*}.
 *
 * @param pollInterval the pause between two looks at the outbox when it was found empty or the
 *     broker failed
 * @param batchSize how many changes one round sends before waiting for the broker's acks
 * @param sendTimeout how long a round waits for the broker's acks before it gives up and retries
 *     the same changes later
 */
@ConfigurationProperties("monitorflow.registry.outbox")
public record OutboxProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("15s") Duration sendTimeout) {
}
