package com.monitorflow.webhooks.dispatch.delivery;

import com.monitorflow.webhooks.model.DeliveryPayload;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.NormalizedEvent;
import org.jspecify.annotations.Nullable;

/**
 * An event on its way to its webhooks. Its body is serialized once, by the first delivery that
 * needs it, and shared by all of them; each delivery only puts in its own webhook id.
 */
public final class FannedOutEvent {

    private final NormalizedEvent event;
    private final EventCategory category;
    private volatile DeliveryPayload.@Nullable Template template;

    public FannedOutEvent(NormalizedEvent event, EventCategory category) {
        this.event = event;
        this.category = category;
    }

    public NormalizedEvent event() {
        return event;
    }

    public EventCategory category() {
        return category;
    }

    /** The exact body for {@code webhookId}. */
    public byte[] bodyFor(String webhookId) {
        DeliveryPayload.Template current = template;
        if (current == null) {
            // Two deliveries may both get here first; they build equal templates.
            current = DeliveryPayload.template(event);
            template = current;
        }
        return current.bodyFor(webhookId);
    }
}
