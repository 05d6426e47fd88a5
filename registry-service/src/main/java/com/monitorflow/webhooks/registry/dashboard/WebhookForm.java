package com.monitorflow.webhooks.registry.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The fields of the Create Webhook and Edit forms, as typed. They go to the API unchanged, so the
 * API's validation is the only one and its reasons appear next to the fields.
 */
public record WebhookForm(String name, String url, String description, List<String> eventCategories) {

    /** The categories a webhook can subscribe to, in the order the form lists them. */
    static final List<String> CATEGORIES = List.of("sqs", "sale", "question");

    static WebhookForm empty() {
        return new WebhookForm("", "", "", List.of());
    }

    static WebhookForm of(@Nullable String name, @Nullable String url, @Nullable String description,
            @Nullable List<String> eventCategories) {
        return new WebhookForm(name == null ? "" : name, url == null ? "" : url,
                description == null ? "" : description, eventCategories == null ? List.of() : eventCategories);
    }

    static WebhookForm of(DashboardViews.Webhook webhook) {
        return new WebhookForm(webhook.name(), webhook.url(), webhook.description(), webhook.eventCategories());
    }

    public boolean has(String category) {
        return eventCategories.contains(category);
    }

    /** The body of a create request; a blank description is left out. */
    Map<String, Object> toCreateRequest() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("url", url);
        if (!description.isBlank()) {
            body.put("description", description);
        }
        body.put("eventCategories", eventCategories);
        return body;
    }

    /** The body of an update request; a blank description clears it. */
    Map<String, Object> toUpdateRequest() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("url", url);
        body.put("description", description.isBlank() ? "" : description);
        body.put("eventCategories", eventCategories);
        return body;
    }
}
