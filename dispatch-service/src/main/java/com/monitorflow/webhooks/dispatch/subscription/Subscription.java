package com.monitorflow.webhooks.dispatch.subscription;

import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookStatus;

/**
 * A webhook as dispatch uses it: its definition and its secret, opened. Its string form never
 * shows the secret.
 *
 * @param definition the webhook as the changelog carries it
 * @param secret the signing secret in the clear
 * @param goneLocally whether an endpoint answered 410 and the webhook is treated as INACTIVE here
 *     until the changelog carries a newer version of it
 */
public record Subscription(WebhookDefinition definition, String secret, boolean goneLocally) {

    public String webhookId() {
        return definition.id();
    }

    public String accountId() {
        return definition.accountId();
    }

    public String url() {
        return definition.url();
    }

    /** Whether deliveries may be made to this webhook now. */
    public boolean active() {
        return !goneLocally && definition.status() == WebhookStatus.ACTIVE;
    }

    /** Whether events of {@code category} go to this webhook now. */
    public boolean receives(EventCategory category) {
        return !goneLocally && definition.receives(category);
    }

    Subscription markedGone() {
        return new Subscription(definition, secret, true);
    }

    @Override
    public String toString() {
        return "Subscription[" + definition.id() + ", account " + definition.accountId() + ", "
                + definition.status() + (goneLocally ? ", gone" : "") + "]";
    }
}
