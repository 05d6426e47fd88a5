package com.monitorflow.webhooks.registry.outbox;

import com.monitorflow.webhooks.model.TopicNames;

import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    @Bean
    OutboxPublisher outboxPublisher(DSLContext dsl, TransactionTemplate transactions,
            KafkaTemplate<String, byte[]> bytesKafkaTemplate, TopicNames topics, OutboxProperties properties) {
        return new OutboxPublisher(dsl, transactions, bytesKafkaTemplate, topics, properties);
    }
}
