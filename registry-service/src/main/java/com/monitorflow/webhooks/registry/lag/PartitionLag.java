package com.monitorflow.webhooks.registry.lag;

/**
 * How far one consumer group is behind on one partition.
 *
 * @param topic the topic
 * @param partition the partition
 * @param committedOffset the group's committed offset, or -1 when it has committed none (it then
 *     starts at the earliest offset)
 * @param endOffset the offset the next record will get (the last stable offset)
 * @param lag records the group should have consumed by now and has not
 * @param waiting records of a retry topic whose due time has not come; they are not lag
 * @param lagSeconds how long the oldest record counted as lag has been waiting to be consumed:
 *     its age on an event topic, the time since it became due on a retry topic; 0 without lag,
 *     -1 when the record could not be read in time
 */
public record PartitionLag(String topic, int partition, long committedOffset, long endOffset, long lag,
        long waiting, double lagSeconds) {
}
