package com.monitorflow.webhooks.registry.lag;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes the lag view as Prometheus gauges, refreshed on a schedule:
 * {@code monitorflow_consumer_lag_records}, {@code monitorflow_consumer_lag_seconds} and
 * {@code monitorflow_consumer_waiting_records} (tags group, topic, partition) and
 * {@code monitorflow_consumer_group_members} (tag group). A partition that leaves a group's view
 * leaves the gauges too. When the brokers cannot be read the last values stay and a warning is
 * logged, so an outage of the brokers shows in their own health, not as a sudden zero lag.
 */
final class ConsumerLagMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final ConsumerLagReader reader;
    private final long refreshMillis;
    private final MultiGauge lagRecords;
    private final MultiGauge lagSeconds;
    private final MultiGauge waitingRecords;
    private final MultiGauge members;
    private @Nullable ScheduledExecutorService scheduler;
    private boolean failing;

    ConsumerLagMetrics(ConsumerLagReader reader, MeterRegistry registry, long refreshMillis) {
        this.reader = reader;
        this.refreshMillis = refreshMillis;
        this.lagRecords = MultiGauge.builder("monitorflow.consumer.lag.records")
                .description("Records a consumer group should have consumed and has not, per partition")
                .register(registry);
        this.lagSeconds = MultiGauge.builder("monitorflow.consumer.lag.seconds")
                .description("How long the oldest record counted as lag has waited to be consumed")
                .register(registry);
        this.waitingRecords = MultiGauge.builder("monitorflow.consumer.waiting.records")
                .description("Records on a retry topic whose due time has not come yet")
                .register(registry);
        this.members = MultiGauge.builder("monitorflow.consumer.group.members")
                .description("Consumers in the group now; 0 means nobody consumes")
                .register(registry);
    }

    /** Reads the lag once and updates every gauge; returns false when the brokers could not be read. */
    boolean refresh() {
        LagSnapshot snapshot;
        try {
            snapshot = reader.read();
        } catch (LagUnavailableException e) {
            if (!failing) {
                log.warn("Consumer lag could not be read; the gauges keep their last values: {}", e.getMessage());
            }
            failing = true;
            return false;
        }
        if (failing) {
            log.info("Consumer lag can be read again");
        }
        failing = false;
        publish(snapshot);
        return true;
    }

    private void publish(LagSnapshot snapshot) {
        List<MultiGauge.Row<?>> lag = new ArrayList<>();
        List<MultiGauge.Row<?>> seconds = new ArrayList<>();
        List<MultiGauge.Row<?>> waiting = new ArrayList<>();
        List<MultiGauge.Row<?>> memberRows = new ArrayList<>();
        for (GroupLag group : snapshot.groups()) {
            memberRows.add(MultiGauge.Row.of(Tags.of("group", group.groupId()), group.members()));
            for (PartitionLag partition : group.partitions()) {
                Tags tags = Tags.of("group", group.groupId(), "topic", partition.topic(),
                        "partition", Integer.toString(partition.partition()));
                lag.add(MultiGauge.Row.of(tags, partition.lag()));
                seconds.add(MultiGauge.Row.of(tags, Math.max(0, partition.lagSeconds())));
                waiting.add(MultiGauge.Row.of(tags, partition.waiting()));
            }
        }
        lagRecords.register(lag, true);
        lagSeconds.register(seconds, true);
        waitingRecords.register(waiting, true);
        members.register(memberRows, true);
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consumer-lag-metrics");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, refreshMillis, TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Refreshing the consumer lag gauges failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
