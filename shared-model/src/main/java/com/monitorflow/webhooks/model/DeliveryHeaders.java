package com.monitorflow.webhooks.model;

/** HTTP headers sent with every delivery to a webhook endpoint. */
public final class DeliveryHeaders {

    /** The lower-case hex HMAC-SHA256 of the body; see {@link WebhookSignature}. */
    public static final String SIGNATURE = WebhookSignature.HEADER;
    /** The event name, such as {@code sale.created}. */
    public static final String EVENT = "X-MonitorFlow-Event";
    /** The delivery id, the same for every retry of one (event, webhook). */
    public static final String DELIVERY = "X-MonitorFlow-Delivery";
    /** The number of this attempt, 1 for the first. */
    public static final String ATTEMPT = "X-MonitorFlow-Attempt";

    private DeliveryHeaders() {
    }
}
