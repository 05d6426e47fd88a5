package com.monitorflow.webhooks.dispatch.delivery;

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
        @Nullable FannedOutEvent source,
        byte @Nullable [] storedBody) {

    /**
     * The exact bytes to send: for a first attempt, the event's body (serialized once for all its
     * webhooks, when the first of them needs it) with this webhook's id; for a redelivery, the
     * stored bytes.
     */
    public byte[] body() {
        if (storedBody != null) {
            return storedBody;
        }
        if (source == null) {
            throw new IllegalStateException("A delivery job needs an event or a stored body");
        }
        return source.bodyFor(webhookId);
    }

    @Override
    public String toString() {
        return "DeliveryJob[" + deliveryId + ", attempt " + attempt + ", " + progress.partition() + "@" + offset + "]";
    }
}
