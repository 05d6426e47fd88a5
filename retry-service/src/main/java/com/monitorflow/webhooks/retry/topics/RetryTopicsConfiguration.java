package com.monitorflow.webhooks.retry.topics;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import com.monitorflow.webhooks.model.TopicNames;

/**
 * Creates, when missing, the topics the retry service writes or owns: every delay topic,
 * {@code deliveries.redeliver} and {@code deliveries.dead}, all with the product-wide partition
 * count so that an account stays on the same partition number everywhere.
 */
@Configuration(proxyBeanMethods = false)
class RetryTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics retryServiceTopics(TopicNames topics) {
        List<String> names = new ArrayList<>(topics.retryTopics());
        names.add(topics.redeliver());
        names.add(topics.dead());
        return new KafkaAdmin.NewTopics(names.stream()
                .map(name -> TopicBuilder.name(name)
                        .partitions(topics.partitions())
                        .replicas(topics.replicationFactor())
                        .build())
                .toArray(NewTopic[]::new));
    }
}
