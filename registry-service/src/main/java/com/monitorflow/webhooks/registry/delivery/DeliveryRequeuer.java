package com.monitorflow.webhooks.registry.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.registry.api.ApiException;
import com.monitorflow.webhooks.registry.db.tables.records.DeliveryRecord;
import com.monitorflow.webhooks.registry.webhook.WebhookService;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts stored deliveries back on their way. A resend goes straight to dispatch
 * ({@code deliveries.redeliver}, attempts = 0), which signs the stored body with the webhook's
 * current secret. A re-drive of a dead letter goes to the first retry step with attempts = 1, so
 * it waits behind fresh traffic like any first retry.
 */
@Component
class DeliveryRequeuer {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRequeuer.class);

    private final DeliveryLogQueries queries;
    private final WebhookService webhooks;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final DeliveryLogProperties properties;
    private final Clock clock;

    DeliveryRequeuer(DeliveryLogQueries queries, WebhookService webhooks, KafkaTemplate<String, byte[]> kafka,
            TopicNames topics, DeliveryLogProperties properties, Clock clock) {
        this.queries = queries;
        this.webhooks = webhooks;
        this.kafka = kafka;
        this.topics = topics;
        this.properties = properties;
        this.clock = clock;
    }

    DeliveryViews.Queued resend(String accountId, String deliveryId) {
        DeliveryRecord delivery = deliveryWithBody(accountId, deliveryId);
        webhooks.find(accountId, delivery.getWebhookId());

        PendingDelivery pending = pending(delivery, 0, null);
        sendAll(topics.redeliver(), List.of(pending));

        logQueued("Delivery queued for resend", delivery);
        return new DeliveryViews.Queued(1, List.of(deliveryId));
    }

    DeliveryViews.Queued redrive(String accountId, String deliveryId) {
        DeliveryRecord delivery = deliveryWithBody(accountId, deliveryId);
        if (!DeliveryState.FAILED.name().equals(delivery.getLastState())) {
            throw ApiException.conflict("Only FAILED deliveries can be re-driven; delivery '" + deliveryId + "' is "
                    + delivery.getLastState());
        }
        webhooks.find(accountId, delivery.getWebhookId());

        // Limitation: the record is sent before the delivery is marked; if marking fails, a repeated
        // re-drive queues the delivery twice, which at-least-once delivery already allows for.
        sendAll(topics.retry(1), List.of(pending(delivery, 1, now())));
        queries.markRetrying(accountId, List.of(deliveryId));

        logQueued("Dead delivery re-driven", delivery);
        return new DeliveryViews.Queued(1, List.of(deliveryId));
    }

    DeliveryViews.Queued redriveWebhook(String accountId, String webhookId, Instant since) {
        webhooks.find(accountId, webhookId);
        List<DeliveryRecord> failed = queries.failedSince(accountId, webhookId, since,
                properties.maxRedrivePerRequest()).stream().filter(d -> d.getPayload() != null).toList();
        if (failed.isEmpty()) {
            return new DeliveryViews.Queued(0, List.of());
        }
        Instant failedAt = now();

        sendAll(topics.retry(1), failed.stream().map(d -> pending(d, 1, failedAt)).toList());
        List<String> ids = failed.stream().map(DeliveryRecord::getDeliveryId).toList();
        queries.markRetrying(accountId, ids);

        try (var ignored = MDC.putCloseable("webhookId", webhookId)) {
            log.info("Re-drove {} dead deliveries", ids.size());
        }
        return new DeliveryViews.Queued(ids.size(), ids);
    }

    private DeliveryRecord deliveryWithBody(String accountId, String deliveryId) {
        DeliveryRecord delivery = queries.delivery(accountId, deliveryId)
                .orElseThrow(() -> ApiException.notFound("delivery", deliveryId));
        if (delivery.getPayload() == null) {
            throw ApiException.conflict("The body of delivery '" + deliveryId + "' is not stored (its first "
                    + "attempt was not logged), so it cannot be sent again");
        }
        return delivery;
    }

    private static PendingDelivery pending(DeliveryRecord d, int attempts, @org.jspecify.annotations.Nullable
            Instant failedAt) {
        byte[] body = java.util.Objects.requireNonNull(d.getPayload()).getBytes(StandardCharsets.UTF_8);
        return new PendingDelivery(d.getDeliveryId(), d.getAccountId(), d.getWebhookId(), d.getEventId(), d.getEvent(),
                attempts, failedAt, null, attempts == 0 ? null : d.getLastStatusCode(),
                attempts == 0 ? null : d.getLastError(), body);
    }

    private void sendAll(String topic, List<PendingDelivery> deliveries) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (PendingDelivery pending : deliveries) {
            var record = new ProducerRecord<String, byte[]>(topic, pending.accountId(), pending.body());
            pending.writeTo(record.headers());
            acks.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(properties.requeueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while queueing the delivery; try again");
        } catch (Exception e) {
            log.warn("Could not queue {} deliveries on {}", deliveries.size(), topic, e);
            throw ApiException.unavailable("The delivery could not be queued right now; try again shortly");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void logQueued(String message, DeliveryRecord delivery) {
        try (var w = MDC.putCloseable("webhookId", delivery.getWebhookId());
                var e = MDC.putCloseable("eventId", delivery.getEventId())) {
            log.info(message + " {}", delivery.getDeliveryId());
        }
    }
}
