package com.monitorflow.webhooks.model;

/** Where a delivery stands after an attempt. */
public enum DeliveryState {
    /** The endpoint answered 2xx; the delivery is done. */
    SUCCEEDED,
    /** The attempt failed and the delivery waits on a retry step. */
    RETRYING,
    /** The last retry failed; the delivery is a dead letter on {@code deliveries.dead}. */
    FAILED,
    /** The endpoint answered 410 Gone; the delivery ends and the webhook is made INACTIVE. */
    GONE,
    /** The webhook was deleted or made inactive before the attempt; nothing was sent. */
    CANCELLED
}
