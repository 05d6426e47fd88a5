package com.monitorflow.webhooks.retry.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads, every refresh period, how many records of each delay topic the retry group has not yet
 * handed on: the group's lag per topic (log end minus committed offset, or minus the log start
 * where nothing was committed). The relay commits only what it handed on, so the lag is the number
 * of deliveries waiting on that step plus any being handed on right now. Every instance reports the
 * same group-wide figure; aggregate it across instances with max, not sum.
 */
public final class WaitingRecordsProbe implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WaitingRecordsProbe.class);

    private final Admin admin;
    private final String groupId;
    private final List<String> stepTopics;
    private final long refreshMillis;
    private final Map<Integer, Long> waitingByStep = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService executor;

    /**
     * @param stepTopics the delay topics, step 1 first
     */
    public WaitingRecordsProbe(Admin admin, String groupId, List<String> stepTopics, long refreshMillis) {
        this.admin = admin;
        this.groupId = groupId;
        this.stepTopics = List.copyOf(stepTopics);
        this.refreshMillis = refreshMillis;
    }

    /** Waiting records of step {@code step} at the last refresh, or NaN before the first one. */
    public double waiting(int step) {
        Long waiting = waitingByStep.get(step);
        return waiting == null ? Double.NaN : waiting;
    }

    /** Reads the lag of every delay topic now. */
    public void refresh() {
        try {
            Set<TopicPartition> partitions = partitionsOfStepTopics();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());

            Map<Integer, Long> lag = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long start = starts.getOrDefault(partition, 0L);
                OffsetAndMetadata commit = committed.get(partition);
                long from = commit == null ? start : Math.max(start, commit.offset());
                int step = stepTopics.indexOf(partition.topic()) + 1;
                lag.merge(step, Math.max(0, ends.getOrDefault(partition, from) - from), Long::sum);
            }
            waitingByStep.putAll(lag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Could not read the retry group's lag; keeping the last figures", e);
        }
    }

    private Set<TopicPartition> partitionsOfStepTopics() throws Exception {
        return admin.describeTopics(stepTopics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                .flatMap(description -> description.partitions().stream()
                        .map(TopicPartitionInfo::partition)
                        .map(p -> new TopicPartition(description.name(), p)))
                .collect(Collectors.toSet());
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        return result.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retry-lag-probe");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refresh, 0, refreshMillis, TimeUnit.MILLISECONDS);
        executor = scheduler;
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = executor;
        if (scheduler != null) {
            scheduler.shutdownNow();
            executor = null;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
