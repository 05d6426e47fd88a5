package com.monitorflow.webhooks.ingest.topics;

import com.monitorflow.webhooks.model.TopicNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Creates the topics ingest writes (and {@code events.inbound}, which it reads, so that a fresh
 * broker works without auto-creation). Existing topics are left as they are.
 *
 * <p>Record size limits are chosen so that nothing ingest has to write can be too large: an
 * inbound record is at most {@link #INBOUND_MAX_MESSAGE_BYTES}; its rejected copy carries the same
 * bytes plus a few headers and fits in {@link #REJECTED_MAX_MESSAGE_BYTES}; a normalized event is at
 * most a little over 256 KB.
 */
@Configuration(proxyBeanMethods = false)
public class IngestTopics {

    /** The largest inbound record the topic accepts (the broker's usual default, about 1 MB). */
    public static final int INBOUND_MAX_MESSAGE_BYTES = 1024 * 1024;
    // Limitation: if events.inbound is reconfigured to take records larger than about 2 MB, the
    // rejected copy of such a record no longer fits events.rejected; its batch then fails to commit
    // and is retried until both limits are raised together.
    /** Room for an inbound record of the largest size plus its rejection headers. */
    public static final int REJECTED_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    /** A normalized event is capped near 256 KB; four times that leaves room for any batch. */
    public static final int CATEGORY_MAX_MESSAGE_BYTES = 1024 * 1024;

    @Bean
    NewTopic inboundTopic(TopicNames topics) {
        return topic(topics, topics.inbound(), INBOUND_MAX_MESSAGE_BYTES);
    }

    @Bean
    NewTopic sqsTopic(TopicNames topics) {
        return topic(topics, topics.sqs(), CATEGORY_MAX_MESSAGE_BYTES);
    }

    @Bean
    NewTopic saleTopic(TopicNames topics) {
        return topic(topics, topics.sale(), CATEGORY_MAX_MESSAGE_BYTES);
    }

    @Bean
    NewTopic questionTopic(TopicNames topics) {
        return topic(topics, topics.question(), CATEGORY_MAX_MESSAGE_BYTES);
    }

    @Bean
    NewTopic rejectedTopic(TopicNames topics) {
        return topic(topics, topics.rejected(), REJECTED_MAX_MESSAGE_BYTES);
    }

    private static NewTopic topic(TopicNames topics, String name, int maxMessageBytes) {
        return TopicBuilder.name(name)
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes))
                .build();
    }
}
