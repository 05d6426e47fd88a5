package com.monitorflow.webhooks.ingest.routing;

import java.time.Clock;

import com.monitorflow.webhooks.ingest.validation.InboundEventValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Wiring of the Kafka path. The transactional producer, the transaction manager and the batch
 * listener container come from Spring Boot, driven by {@code spring.kafka.*} in
 * {@code application.yml}; this class adds what the properties cannot say.
 */
@Configuration(proxyBeanMethods = false)
public class IngestKafkaConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    InboundEventValidator inboundEventValidator(Clock clock) {
        return new InboundEventValidator(clock);
    }

    /**
     * A batch whose transaction fails (broker unavailable, producer fenced) is rolled back and read
     * again, every second, for as long as it takes: validation never throws, so a failure here is
     * the infrastructure's, and giving up would drop events.
     */
    @Bean
    AfterRollbackProcessor<Object, Object> ingestAfterRollbackProcessor() {
        return new DefaultAfterRollbackProcessor<>(new FixedBackOff(1000L, FixedBackOff.UNLIMITED_ATTEMPTS));
    }
}
