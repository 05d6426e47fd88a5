package com.monitorflow.webhooks.registry.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.monitorflow.webhooks.model.Limits;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the delivery log at 7 days: creates the partitions of the coming days and drops the days
 * wholly older than the retention, attempts and deliveries alike, without deleting any row.
 */
@Component
public class DeliveryLogRetention {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLogRetention.class);

    private final DeliveryLogPartitions partitions;
    private final Clock clock;
    private final DeliveryLogProperties properties;

    public DeliveryLogRetention(DeliveryLogPartitions partitions, Clock clock, DeliveryLogProperties properties) {
        this.partitions = partitions;
        this.clock = clock;
        this.properties = properties;
    }

    /** What one run did. */
    public record Outcome(List<LocalDate> droppedDays) {
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${monitorflow.registry.delivery-log.maintenance-interval:PT1H}")
    public Outcome maintain() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<LocalDate> upcoming = new ArrayList<>();
        for (int i = 0; i <= properties.partitionsAhead(); i++) {
            upcoming.add(today.plusDays(i));
        }
        partitions.ensure(upcoming);

        Instant cutoff = now.minus(Limits.DELIVERY_LOG_RETENTION);
        List<LocalDate> dropped = partitions.dropBefore(LocalDate.ofInstant(cutoff, ZoneOffset.UTC));

        if (!dropped.isEmpty()) {
            log.info("Delivery log retention dropped the partitions of {} days", dropped.size());
        }
        return new Outcome(dropped);
    }
}
