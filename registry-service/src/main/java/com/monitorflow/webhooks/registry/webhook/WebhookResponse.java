package com.monitorflow.webhooks.registry.webhook;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.WebhookStatus;

import org.jspecify.annotations.Nullable;

/**
 * The webhook object of the public documentation, field for field.
 *
 * @param secret the signing secret, present only in the answers to create and rotate
 */
@JsonPropertyOrder({"id", "name", "url", "description", "eventCategories", "secret", "status", "createdAt",
    "updatedAt"})
record WebhookResponse(
        String id,
        String name,
        String url,
        @Nullable String description,
        List<EventCategory> eventCategories,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret,
        WebhookStatus status,
        Instant createdAt,
        Instant updatedAt) {

    static WebhookResponse of(Webhook w, @Nullable String secret) {
        return new WebhookResponse(w.id(), w.name(), w.url(), w.description(), w.eventCategories(), secret, w.status(),
                w.createdAt(), w.updatedAt());
    }
}
