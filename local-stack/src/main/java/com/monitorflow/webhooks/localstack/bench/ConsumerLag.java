package com.monitorflow.webhooks.localstack.bench;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How many records of one topic its consumer groups have not yet committed, read through the admin API. */
final class ConsumerLag implements AutoCloseable {

    private final Admin admin;

    ConsumerLag(String bootstrap) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** The largest lag on {@code topic} over the groups that consume it; 0 when none does. */
    long of(String topic) throws InterruptedException {
        try {
            long worst = 0;
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get()
                        .entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                        .listOffsets(committed.keySet().stream()
                                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                        .all().get();
                long lag = committed.entrySet().stream()
                        .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset()))
                        .sum();
                worst = Math.max(worst, lag);
            }
            return worst;
        } catch (ExecutionException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
