package com.monitorflow.webhooks.registry.kafka;

import java.util.HashMap;
import java.util.Map;

import com.monitorflow.webhooks.model.TopicNames;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The registry's Kafka clients: one byte-valued producer (acks from all replicas, idempotent, so
 * that one partition's records stay in order) for the changelog and for re-sent deliveries, the
 * batch consumer of {@code deliveries.attempts}, and the topics the registry writes.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
public class KafkaConfiguration {

    /** The container factory of batch listeners that read String keys and byte values. */
    public static final String BATCH_LISTENER_FACTORY = "batchListenerFactory";

    @Bean
    KafkaTemplate<String, byte[]> bytesKafkaTemplate(KafkaProperties properties) {
        Map<String, Object> config = new HashMap<>(properties.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean(BATCH_LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> batchListenerFactory(KafkaProperties properties) {
        Map<String, Object> config = new HashMap<>(properties.buildConsumerProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setBatchListener(true);
        // A batch that cannot be stored (database down) is retried until it can; none is skipped.
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }

    @Bean
    KafkaAdmin.NewTopics registryTopics(TopicNames topics) {
        NewTopic changelog = TopicBuilder.name(topics.webhooksChangelog())
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build();
        NewTopic redeliver = plain(topics, topics.redeliver());
        NewTopic firstRetry = plain(topics, topics.retry(1));
        NewTopic attempts = plain(topics, topics.attempts());
        return new KafkaAdmin.NewTopics(changelog, redeliver, firstRetry, attempts);
    }

    private static NewTopic plain(TopicNames topics, String name) {
        return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicationFactor()).build();
    }
}
