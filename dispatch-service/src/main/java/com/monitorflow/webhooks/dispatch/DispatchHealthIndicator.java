package com.monitorflow.webhooks.dispatch;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports whether this instance dispatches: it is out of service until the webhook view has
 * caught up with the changelog and the event consumer has started.
 */
@Component("dispatch")
class DispatchHealthIndicator implements HealthIndicator {

    private final DispatchNode node;

    DispatchHealthIndicator(DispatchNode node) {
        this.node = node;
    }

    @Override
    public Health health() {
        Health.Builder builder = node.consuming() ? Health.up() : Health.outOfService();
        return builder
                .withDetail("webhooks", node.view().size())
                .withDetail("assignedPartitions", node.assignedPartitions())
                .build();
    }
}
