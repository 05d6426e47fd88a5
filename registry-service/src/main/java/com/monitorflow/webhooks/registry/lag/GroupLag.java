package com.monitorflow.webhooks.registry.lag;

import java.util.List;

/**
 * The lag of one consumer group over all partitions it has committed offsets on or is assigned.
 *
 * @param groupId the consumer group
 * @param state the group state as the coordinator reports it ({@code STABLE}, {@code EMPTY},
 *     {@code DEAD} for a group the brokers do not know, ...)
 * @param members how many consumers are in the group now; 0 means nobody consumes
 * @param partitions one entry per topic partition, sorted by topic then partition
 */
public record GroupLag(String groupId, String state, int members, List<PartitionLag> partitions) {

    public GroupLag {
        partitions = List.copyOf(partitions);
    }

    /** Records behind over all partitions. */
    public long totalLag() {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }

    /** Records on retry topics that are not due yet, over all partitions. */
    public long totalWaiting() {
        return partitions.stream().mapToLong(PartitionLag::waiting).sum();
    }

    /** The largest lag estimate in seconds over all partitions. */
    public double maxLagSeconds() {
        return partitions.stream().mapToDouble(PartitionLag::lagSeconds).max().orElse(0);
    }
}
