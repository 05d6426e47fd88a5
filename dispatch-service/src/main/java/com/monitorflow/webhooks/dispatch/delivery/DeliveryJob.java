package com.monitorflow.webhooks.dispatch.delivery;

import com.monitorflow.webhooks.model.DeliveryPayload;
import com.monitorflow.webhooks.model.NormalizedEvent;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to make: a delivery of an event to a webhook, from a record of a partition.
 *
 * @param progress the partition the record came from
 * @param offset the record's offset
 * @param accountId the account; deliveries are limited per account
 * @param webhookId the webhook to deliver to
 * @param deliveryId the delivery id, stable across retries
 * @param eventId the event
 * @param event the event name
 * @param attempt the number of this attempt, 1 for the first
 * @param source the event, for a first attempt; null for a redelivery
 * @param storedBody the body sent before, for a redelivery; null for a first attempt
 */
public record DeliveryJob(
        PartitionProgress progress,
        long offset,
        String accountId,
        String webhookId,
        String deliveryId,
        String eventId,
        String event,
        int attempt,
        @Nullable NormalizedEvent source,
        byte @Nullable [] storedBody) {

    /**
     * The exact bytes to send: serialized now, once, for a first attempt (so a queued job holds no
     * copy of the body), or the stored bytes for a redelivery.
     */
    public byte[] body() {
        if (storedBody != null) {
            return storedBody;
        }
        if (source == null) {
            throw new IllegalStateException("A delivery job needs an event or a stored body");
        }
        return DeliveryPayload.of(source, webhookId).toBytes();
    }

    @Override
    public String toString() {
        return "DeliveryJob[" + deliveryId + ", attempt " + attempt + ", " + progress.partition() + "@" + offset + "]";
    }
}
