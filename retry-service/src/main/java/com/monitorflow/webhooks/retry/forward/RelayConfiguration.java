package com.monitorflow.webhooks.retry.forward;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.retry.RetryProperties;
import com.monitorflow.webhooks.retry.metrics.RetryMetrics;
import com.monitorflow.webhooks.retry.metrics.WaitingRecordsProbe;
import com.monitorflow.webhooks.retry.schedule.RetrySchedule;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wires the relay with its own Kafka clients. Both start from the {@code spring.kafka.*}
 * settings; the relay fixes what its guarantees rest on: raw bytes in and out (so no record can
 * fail to deserialize and every record is handed on byte for byte), manual commits, reading from
 * the earliest offset when the group has none, and acknowledged, idempotent writes.
 */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

    @Bean
    Clock retryClock() {
        return Clock.systemUTC();
    }

    @Bean
    RetrySchedule retrySchedule(RetryProperties properties, TopicNames topics) {
        if (properties.delays().size() != topics.retrySteps()) {
            throw new IllegalStateException("monitorflow.retry.delays has " + properties.delays().size()
                    + " steps but there are " + topics.retrySteps() + " delay topics (monitorflow.topics.retry-steps)");
        }
        return RetrySchedule.of(properties);
    }

    @Bean
    PartitionWaits partitionWaits() {
        return new PartitionWaits();
    }

    @Bean
    WaitingRecordsProbe waitingRecordsProbe(KafkaAdmin kafkaAdmin, RetryProperties properties, TopicNames topics) {
        return new WaitingRecordsProbe(Admin.create(kafkaAdmin.getConfigurationProperties()), properties.groupId(),
                topics.retryTopics(), properties.lagRefresh().toMillis());
    }

    @Bean
    RetryMetrics retryMetrics(MeterRegistry registry, TopicNames topics, RetryProperties properties,
            PartitionWaits waits, WaitingRecordsProbe probe, Clock clock) {
        return new RetryMetrics(registry, topics.retrySteps(), properties.maxAccountTags(), waits, probe, clock);
    }

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> retryProducer(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "monitorflow-retry");
        return new KafkaProducer<>(config);
    }

    @Bean
    RetryRelay retryRelay(KafkaProperties kafka, Producer<byte[], byte[]> producer, TopicNames topics,
            RetryProperties properties, RetrySchedule schedule, PartitionWaits waits, RetryMetrics metrics,
            Clock clock) {
        Supplier<Consumer<byte[], byte[]>> consumers = () -> new KafkaConsumer<>(consumerConfig(kafka, properties));
        return new RetryRelay(consumers, producer, topics, new RecordTriage(schedule), waits, metrics, clock,
                properties.maxPollWait(), properties.sendFailureBackoff());
    }

    @Bean
    RetryRelayHealth retryRelayHealthIndicator(RetryRelay relay, Clock clock) {
        return new RetryRelayHealth(relay, clock);
    }

    private static Map<String, Object> consumerConfig(KafkaProperties kafka, RetryProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "monitorflow-retry");
        // A resumed partition joins the next fetch only when the one in flight returns; a short
        // fetch wait keeps that within a fraction of the one second a due delivery may be late.
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        return config;
    }
}
