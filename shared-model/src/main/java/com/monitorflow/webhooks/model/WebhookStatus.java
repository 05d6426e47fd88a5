package com.monitorflow.webhooks.model;

/** Whether a webhook receives deliveries. */
public enum WebhookStatus {
    ACTIVE, INACTIVE
}
