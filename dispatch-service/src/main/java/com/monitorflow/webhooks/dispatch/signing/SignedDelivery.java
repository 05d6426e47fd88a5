package com.monitorflow.webhooks.dispatch.signing;

import com.monitorflow.webhooks.model.WebhookSignature;

/**
 * One attempt of a delivery, ready to send: the exact body bytes and their signature under the
 * webhook's current secret. The secret itself is not kept.
 *
 * @param url the webhook's endpoint
 * @param body the exact bytes to POST
 * @param signature the lower-case hex HMAC-SHA256 of {@code body}
 * @param event the event name
 * @param deliveryId the delivery id, stable across retries
 * @param attempt the number of this attempt, 1 for the first
 */
public record SignedDelivery(String url, byte[] body, String signature, String event, String deliveryId, int attempt) {

    /** {@code body} signed with {@code secret}. */
    public static SignedDelivery sign(String url, byte[] body, String secret, String event, String deliveryId,
            int attempt) {
        return new SignedDelivery(url, body, WebhookSignature.sign(body, secret), event, deliveryId, attempt);
    }

    @Override
    public String toString() {
        return "SignedDelivery[" + deliveryId + ", attempt " + attempt + ", " + body.length + " bytes]";
    }
}
