package com.monitorflow.webhooks.registry.delivery;

import static com.monitorflow.webhooks.registry.db.Tables.DELIVERY;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.monitorflow.webhooks.model.Limits;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the delivery log at 7 days: creates the attempt partitions of the coming days and drops
 * those wholly older than the retention, then removes expired per-delivery rows in small batches.
 */
@Component
public class DeliveryLogRetention {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLogRetention.class);
    private static final int DELETE_BATCH = 5_000;

    private final DeliveryLogPartitions partitions;
    private final DSLContext dsl;
    private final Clock clock;
    private final DeliveryLogProperties properties;

    public DeliveryLogRetention(DeliveryLogPartitions partitions, DSLContext dsl, Clock clock,
            DeliveryLogProperties properties) {
        this.partitions = partitions;
        this.dsl = dsl;
        this.clock = clock;
        this.properties = properties;
    }

    /** What one run did. */
    public record Outcome(List<LocalDate> droppedDays, int deletedDeliveries) {
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
        int deleted = deleteDeliveriesBefore(cutoff);

        if (!dropped.isEmpty() || deleted > 0) {
            log.info("Delivery log retention dropped {} day partitions and {} deliveries", dropped.size(), deleted);
        }
        return new Outcome(dropped, deleted);
    }

    // Limitation: the per-delivery table is not partitioned, because one delivery is updated across
    // several days by its retries; its expired rows go by deletes of at most 5,000 rows at a time.
    // Only the attempt log, which holds nearly all rows, expires by dropping whole days.
    private int deleteDeliveriesBefore(Instant cutoff) {
        int total = 0;
        while (true) {
            int deleted = dsl.deleteFrom(DELIVERY).where(DELIVERY.DELIVERY_ID.in(
                    dsl.select(DELIVERY.DELIVERY_ID).from(DELIVERY)
                            .where(DELIVERY.LAST_ATTEMPTED_AT.lt(cutoff.atOffset(ZoneOffset.UTC)))
                            .limit(DELETE_BATCH)))
                    .execute();
            total += deleted;
            if (deleted < DELETE_BATCH) {
                return total;
            }
        }
    }
}
