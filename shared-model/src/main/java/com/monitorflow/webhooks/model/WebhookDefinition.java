package com.monitorflow.webhooks.model;

import java.time.Instant;
import java.util.Set;

/**
 * A webhook as {@code webhooks.changelog} carries it, keyed by webhook id; a record with a null
 * value (a tombstone) means the webhook was deleted. The secret travels only encrypted, under the
 * key shared by the registry and dispatch (see {@link SecretCipher}).
 *
 * @param id the webhook id, {@code whk_…}
 * @param accountId the account that owns the webhook
 * @param name the webhook's name, for logs
 * @param url the endpoint deliveries are POSTed to
 * @param eventCategories the categories the webhook subscribes to
 * @param status whether the webhook receives deliveries
 * @param encryptedSecret the signing secret, sealed by {@link SecretCipher}
 * @param updatedAt when this version of the webhook was committed
 */
public record WebhookDefinition(
        String id,
        String accountId,
        String name,
        String url,
        Set<EventCategory> eventCategories,
        WebhookStatus status,
        String encryptedSecret,
        Instant updatedAt) {

    public WebhookDefinition {
        eventCategories = Set.copyOf(eventCategories);
    }

    /** Whether events of {@code category} are delivered to this webhook now. */
    public boolean receives(EventCategory category) {
        return status == WebhookStatus.ACTIVE && eventCategories.contains(category);
    }
}
