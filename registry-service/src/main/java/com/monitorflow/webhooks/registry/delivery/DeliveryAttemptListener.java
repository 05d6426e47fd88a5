package com.monitorflow.webhooks.registry.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.Limits;
import com.monitorflow.webhooks.registry.kafka.KafkaConfiguration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;

/**
 * Consumes {@code deliveries.attempts} a batch at a time into the delivery log. A batch that
 * cannot be stored is retried whole (the error handler backs off); a record that is not a
 * readable attempt is skipped with a warning, as are attempts already older than the retention.
 */
@Component
class DeliveryAttemptListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttemptListener.class);

    private final DeliveryLog deliveryLog;
    private final Clock clock;

    DeliveryAttemptListener(DeliveryLog deliveryLog, Clock clock) {
        this.deliveryLog = deliveryLog;
        this.clock = clock;
    }

    @KafkaListener(id = "registry-delivery-log", idIsGroup = false,
            topics = "${monitorflow.topics.attempts:deliveries.attempts}",
            containerFactory = KafkaConfiguration.BATCH_LISTENER_FACTORY)
    void onAttempts(List<ConsumerRecord<String, byte[]>> records) {
        Instant oldestKept = clock.instant().minus(Limits.DELIVERY_LOG_RETENTION);
        List<DeliveryAttempt> attempts = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            DeliveryAttempt attempt = read(record);
            if (attempt != null && !attempt.attemptedAt().isBefore(oldestKept)) {
                attempts.add(attempt);
            }
        }
        deliveryLog.record(attempts);
        log.debug("Stored {} delivery attempts", attempts.size());
    }

    @SuppressWarnings("ConstantValue")
    private static boolean isComplete(DeliveryAttempt a) {
        return a.deliveryId() != null && a.accountId() != null && a.webhookId() != null && a.eventId() != null
                && a.event() != null && a.attemptedAt() != null && a.state() != null && a.attempt() >= 1;
    }

    private static @org.jspecify.annotations.Nullable DeliveryAttempt read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            DeliveryAttempt attempt = Json.mapper().readValue(record.value(), DeliveryAttempt.class);
            if (!isComplete(attempt)) {
                log.warn("Skipping an incomplete delivery attempt at {}-{} offset {}", record.topic(),
                        record.partition(), record.offset());
                return null;
            }
            return attempt;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.warn("Skipping an unreadable delivery attempt at {}-{} offset {}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }
}
