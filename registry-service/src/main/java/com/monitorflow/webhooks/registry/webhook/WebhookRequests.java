package com.monitorflow.webhooks.registry.webhook;

import java.util.List;

import com.monitorflow.webhooks.model.WebhookStatus;

import org.jspecify.annotations.Nullable;

/** Request bodies of the webhook endpoints. */
final class WebhookRequests {

    private WebhookRequests() {
    }

    /**
     * Creates a webhook.
     *
     * @param name required, 1 to 100 characters
     * @param url required: absolute https URL of a public host
     * @param description optional, at most 500 characters
     * @param eventCategories required, a non-empty subset of sqs, sale, question
     */
    record Create(@Nullable String name, @Nullable String url, @Nullable String description,
            @Nullable List<@Nullable String> eventCategories) {
    }

    /**
     * Changes a webhook; absent (or null) fields stay as they are, an empty description clears it.
     *
     * @param name 1 to 100 characters
     * @param url absolute https URL of a public host
     * @param description at most 500 characters; "" clears it
     * @param eventCategories a non-empty subset of sqs, sale, question
     * @param status ACTIVE or INACTIVE
     */
    record Update(@Nullable String name, @Nullable String url, @Nullable String description,
            @Nullable List<@Nullable String> eventCategories, @Nullable WebhookStatus status) {
    }
}
