package com.monitorflow.webhooks.registry.lag;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import com.monitorflow.webhooks.model.TopicNames;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the lag view: its reader (with its own Admin client) and its gauges. */
@Configuration(proxyBeanMethods = false)
class LagConfiguration {

    @Bean(destroyMethod = "close")
    ConsumerLagReader consumerLagReader(KafkaProperties kafka, TopicNames topics, RetryStepDelays delays,
            LagProperties properties, Clock clock) {
        Map<String, Object> adminConfig = new HashMap<>(kafka.buildAdminProperties());
        int timeoutMillis = (int) properties.timeout().toMillis();
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "registry-consumer-lag");
        Map<String, Object> headReaderConfig = headReaderConfig(kafka);
        return new ConsumerLagReader(Admin.create(adminConfig), () -> new KafkaConsumer<>(headReaderConfig), topics,
                delays, properties.groups(), properties.timeout(), clock);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "monitorflow.lag.metrics-enabled", matchIfMissing = true)
    ConsumerLagMetrics consumerLagMetrics(ConsumerLagReader reader, MeterRegistry registry, LagProperties properties) {
        return new ConsumerLagMetrics(reader, registry, properties.refreshInterval().toMillis());
    }

    /** A consumer that joins no group and never commits: it only peeks at the oldest unconsumed record. */
    static Map<String, Object> headReaderConfig(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "registry-consumer-lag-heads");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        return config;
    }
}
