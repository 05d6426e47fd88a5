package com.monitorflow.webhooks.registry.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.monitorflow.webhooks.model.TopicNames;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads how far each watched consumer group is behind, from the brokers alone: the group's
 * committed offsets and members (Admin client), the end offsets of its partitions, and the oldest
 * record it has not consumed yet (a short-lived consumer assigned to the lagging partitions, which
 * joins no group and commits nothing). A partition where only transaction markers or aborted
 * records lie between the committed offset and the end has nothing to consume and shows no lag.
 *
 * <p>On a retry topic ({@code deliveries.retry.N}) records are meant to sit until they are due, so
 * they are split into <em>waiting</em> (not due yet) and <em>lag</em> (due but not handed back).
 * The head record, the one the retry service must forward next, is judged from its headers,
 * exactly but for the retry service's jitter (at most {@code monitorflow.retry.max-jitter}, 1 s by
 * default), which is not known outside it. The records behind it are judged by their write time: a record is counted as due when
 * it was written longer than the step's delay ago.
 * Limitation: for the records behind the head this ignores {@code mf-not-before} and the jitter,
 * and takes the write time for the failure time, so the split between lag and waiting behind the
 * head can be off by the records whose endpoint asked for more time; the head itself, and so
 * whether the partition is behind at all and by how many seconds, is right to within the jitter.
 */
public final class ConsumerLagReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagReader.class);

    private static final String MISSING_GROUP_STATE = "DEAD";
    private static final Duration POLL_STEP = Duration.ofMillis(100);

    private final Admin admin;
    private final Supplier<Consumer<byte[], byte[]>> headReaders;
    private final TopicNames topics;
    private final RetryDueTime dueTime;
    private final List<String> groups;
    private final Duration timeout;
    private final Clock clock;

    public ConsumerLagReader(Admin admin, Supplier<Consumer<byte[], byte[]>> headReaders, TopicNames topics,
            RetryStepDelays delays, List<String> groups, Duration timeout, Clock clock) {
        this.admin = admin;
        this.headReaders = headReaders;
        this.topics = topics;
        this.dueTime = new RetryDueTime(delays);
        this.groups = List.copyOf(groups);
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The groups this reader reports, in order. */
    public List<String> groups() {
        return groups;
    }

    /**
     * The lag of every watched group now.
     *
     * @throws LagUnavailableException when the brokers do not answer within the timeout
     */
    public LagSnapshot read() {
        Instant now = clock.instant();
        Map<String, @Nullable ConsumerGroupDescription> descriptions = describeGroups();
        Map<String, Map<TopicPartition, Long>> committed = committedOffsets();

        Set<TopicPartition> partitions = new HashSet<>();
        for (String group : groups) {
            partitions.addAll(committed.get(group).keySet());
            partitions.addAll(assigned(descriptions.get(group)));
        }
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());

        try (Consumer<byte[], byte[]> heads = headReaders.get()) {
            List<GroupLag> result = new ArrayList<>();
            for (String group : groups) {
                result.add(groupLag(group, descriptions.get(group), committed.get(group), ends, starts, heads, now));
            }
            return new LagSnapshot(now, result);
        }
    }

    private GroupLag groupLag(String group, @Nullable ConsumerGroupDescription description,
            Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts,
            Consumer<byte[], byte[]> heads, Instant now) {
        Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
        partitions.addAll(assigned(description));

        Map<TopicPartition, Long> positions = new HashMap<>();
        Map<TopicPartition, Long> pending = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long start = starts.getOrDefault(partition, 0L);
            long end = ends.getOrDefault(partition, start);
            Long offset = committed.get(partition);
            long position = offset == null ? start : Math.max(offset, start);
            positions.put(partition, position);
            pending.put(partition, Math.max(0, end - position));
        }
        Map<TopicPartition, Long> lagging = new HashMap<>();
        pending.forEach((partition, count) -> {
            if (count > 0) {
                lagging.put(partition, positions.get(partition));
            }
        });
        Heads headRecords = readHeads(heads, lagging, ends);

        List<PartitionLag> rows = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long offset = committed.get(partition);
            // Only transaction markers (or aborted records) left: nothing to consume, so no lag.
            long behind = headRecords.nothingLeft().contains(partition) ? 0 : pending.get(partition);
            rows.add(partitionLag(partition, offset == null ? -1 : offset, ends.getOrDefault(partition, 0L),
                    positions.get(partition), behind, headRecords.records().get(partition), now));
        }
        rows.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        String state = description == null ? MISSING_GROUP_STATE : description.groupState().name();
        int members = description == null ? 0 : description.members().size();
        return new GroupLag(group, state, members, rows);
    }

    private PartitionLag partitionLag(TopicPartition partition, long committedOffset, long end, long position,
            long pending, @Nullable ConsumerRecord<byte[], byte[]> head, Instant now) {
        String topic = partition.topic();
        int index = partition.partition();
        if (pending == 0) {
            return new PartitionLag(topic, index, committedOffset, end, 0, 0, 0);
        }
        if (head == null) {
            return new PartitionLag(topic, index, committedOffset, end, pending, 0, -1);
        }
        Instant written = Instant.ofEpochMilli(head.timestamp());
        int step = retryStep(topic);
        if (step == 0) {
            return new PartitionLag(topic, index, committedOffset, end, pending, 0, secondsBetween(written, now));
        }
        Instant due = dueTime.dueAt(step, head.headers(), written);
        if (due.isAfter(now)) {
            return new PartitionLag(topic, index, committedOffset, end, 0, pending, 0);
        }
        long dueRecords = dueRecordsFrom(partition, position, end, now.minus(dueTime.delay(step)));
        long lag = Math.min(pending, Math.max(1, dueRecords));
        return new PartitionLag(topic, index, committedOffset, end, lag, pending - lag, secondsBetween(due, now));
    }

    /** Records from {@code position} on that were written before {@code writtenBefore}. */
    private long dueRecordsFrom(TopicPartition partition, long position, long end, Instant writtenBefore) {
        Map<TopicPartition, Long> boundary = offsets(Set.of(partition), OffsetSpec.forTimestamp(writtenBefore.toEpochMilli()));
        long firstNotDue = boundary.getOrDefault(partition, -1L);
        if (firstNotDue < 0) {
            firstNotDue = end;
        }
        return Math.max(0, firstNotDue - position);
    }

    /** The retry step of {@code topic}, or 0 when it is not a retry topic. */
    private int retryStep(String topic) {
        List<String> retryTopics = topics.retryTopics();
        int index = retryTopics.indexOf(topic);
        return index + 1;
    }

    /**
     * The first record at or after each position, and the partitions where the consumer reached
     * the end offset without finding one (only transaction markers or aborted records were left).
     */
    private Heads readHeads(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> positions,
            Map<TopicPartition, Long> ends) {
        var heads = new Heads(new HashMap<>(), new HashSet<>());
        if (positions.isEmpty()) {
            return heads;
        }
        consumer.assign(positions.keySet());
        positions.forEach(consumer::seek);
        Set<TopicPartition> open = new HashSet<>(positions.keySet());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_STEP)) {
                var partition = new TopicPartition(record.topic(), record.partition());
                if (open.contains(partition) && record.offset() >= positions.get(partition)) {
                    heads.records().put(partition, record);
                    close(consumer, open, partition);
                }
            }
            for (TopicPartition partition : List.copyOf(open)) {
                if (consumer.position(partition) >= ends.getOrDefault(partition, 0L)) {
                    heads.nothingLeft().add(partition);
                    close(consumer, open, partition);
                }
            }
        }
        if (!open.isEmpty()) {
            log.debug("The oldest unconsumed record of {} partitions could not be read within {}", open.size(),
                    timeout);
        }
        consumer.unsubscribe();
        return heads;
    }

    private static void close(Consumer<byte[], byte[]> consumer, Set<TopicPartition> open, TopicPartition partition) {
        open.remove(partition);
        consumer.pause(List.of(partition));
    }

    /** What reading the oldest unconsumed records found. */
    private record Heads(Map<TopicPartition, ConsumerRecord<byte[], byte[]>> records,
            Set<TopicPartition> nothingLeft) {
    }

    private Map<String, @Nullable ConsumerGroupDescription> describeGroups() {
        Map<String, KafkaFuture<ConsumerGroupDescription>> futures =
                admin.describeConsumerGroups(groups).describedGroups();
        Map<String, @Nullable ConsumerGroupDescription> descriptions = new HashMap<>();
        for (String group : groups) {
            try {
                descriptions.put(group, await(futures.get(group), "describing group " + group));
            } catch (LagUnavailableException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                descriptions.put(group, null);
            }
        }
        return descriptions;
    }

    private Map<String, Map<TopicPartition, Long>> committedOffsets() {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        var result = admin.listConsumerGroupOffsets(specs);
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            try {
                Map<TopicPartition, OffsetAndMetadata> raw =
                        await(result.partitionsToOffsetAndMetadata(group), "reading offsets of group " + group);
                raw.forEach((partition, offset) -> {
                    if (offset != null) {
                        offsets.put(partition, offset.offset());
                    }
                });
            } catch (LagUnavailableException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
            committed.put(group, offsets);
        }
        return committed;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        var options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var infos = await(admin.listOffsets(request, options).all(), "listing offsets");
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static Set<TopicPartition> assigned(@Nullable ConsumerGroupDescription description) {
        Set<TopicPartition> partitions = new HashSet<>();
        if (description != null) {
            for (MemberDescription member : description.members()) {
                partitions.addAll(member.assignment().topicPartitions());
            }
        }
        return partitions;
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagUnavailableException("Interrupted while " + what, e);
        } catch (ExecutionException e) {
            throw new LagUnavailableException("The brokers refused " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new LagUnavailableException("The brokers did not answer " + what + " within " + timeout, e);
        }
    }

    /** Closes the Admin client. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
    }
}
