package com.monitorflow.webhooks.registry.webhook;

import java.time.Instant;
import java.util.List;

import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookStatus;

import org.jspecify.annotations.Nullable;

/**
 * A webhook as the registry stores it; the secret only ever sealed.
 *
 * @param eventCategories the subscribed categories, without duplicates, in the order of {@link EventCategory}
 */
public record Webhook(
        String id,
        String accountId,
        String name,
        String url,
        @Nullable String description,
        List<EventCategory> eventCategories,
        WebhookStatus status,
        String encryptedSecret,
        Instant createdAt,
        Instant updatedAt) {

    /** The most characters a webhook's name may have; the dashboard's form holds to it too. */
    public static final int MAX_NAME_LENGTH = 100;

    public Webhook {
        eventCategories = eventCategories.stream().distinct().sorted().toList();
    }

    /** This webhook as {@code webhooks.changelog} carries it. */
    public WebhookDefinition toDefinition() {
        return new WebhookDefinition(id, accountId, name, url, java.util.Set.copyOf(eventCategories), status,
                encryptedSecret, updatedAt);
    }
}
