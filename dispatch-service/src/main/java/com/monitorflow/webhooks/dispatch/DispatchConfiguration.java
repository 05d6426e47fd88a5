package com.monitorflow.webhooks.dispatch;

import java.time.Clock;

import com.monitorflow.webhooks.dispatch.http.EndpointPolicy;
import com.monitorflow.webhooks.dispatch.subscription.SecretsProperties;
import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.TopicNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Wires one {@link DispatchNode} into the application and runs it with the application's lifecycle. */
@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecretCipher secretCipher(SecretsProperties secrets) {
        String key = secrets.encryptionKey();
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("monitorflow.secrets.encryption-key is not set; set "
                    + "MONITORFLOW_SECRETS_ENCRYPTION_KEY to the key the registry seals webhook secrets with");
        }
        return new SecretCipher(key);
    }

    @Bean
    NewTopic attemptsTopic(TopicNames topics) {
        return TopicBuilder.name(topics.attempts())
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .build();
    }

    @Bean
    DispatchNode dispatchNode(KafkaProperties kafka, TopicNames topics, DispatchProperties properties,
            EndpointPolicy policy, SecretCipher cipher, MeterRegistry meters, Clock clock) {
        return new DispatchNode(kafka.buildConsumerProperties(), kafka.buildProducerProperties(), topics, properties,
                policy, cipher, meters, clock);
    }

    @Bean
    SmartLifecycle dispatchLifecycle(DispatchNode node) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                node.start();
                running = true;
            }

            @Override
            public void stop() {
                node.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
