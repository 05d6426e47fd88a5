package com.monitorflow.webhooks.dispatch.delivery;

import com.monitorflow.webhooks.model.DeliveryBodies;
import com.monitorflow.webhooks.model.EventCategory;

/**
 * An event on its way to its webhooks: its category and its bodies, serialized once for all of
 * them; each delivery only puts in its own webhook id.
 */
public record FannedOutEvent(DeliveryBodies bodies, EventCategory category) {

    /** The exact body for {@code webhookId}. */
    public byte[] bodyFor(String webhookId) {
        return bodies.bodyFor(webhookId);
    }
}
