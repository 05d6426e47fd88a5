package com.monitorflow.webhooks.registry.webhook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSetter;
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
     * Changes a webhook. A field that is absent stays as it is; the fields a webhook cannot lack
     * (name, url, eventCategories, status) refuse null, while null or "" clears the description.
     * JSON null and absence read the same in a record, so this class notes each field it is given.
     */
    static final class Update {

        private final Set<String> given = new LinkedHashSet<>();
        private final Set<String> nulled = new LinkedHashSet<>();
        private @Nullable String name;
        private @Nullable String url;
        private @Nullable String description;
        private @Nullable List<@Nullable String> eventCategories;
        private @Nullable WebhookStatus status;

        /** 1 to 100 characters. */
        @JsonSetter("name")
        void setName(@Nullable String name) {
            this.name = name;
            note("name", name);
        }

        /** Absolute https URL of a public host. */
        @JsonSetter("url")
        void setUrl(@Nullable String url) {
            this.url = url;
            note("url", url);
        }

        /** At most 500 characters; null or "" clears it. */
        @JsonSetter("description")
        void setDescription(@Nullable String description) {
            this.description = description;
            note("description", description);
        }

        /** A non-empty subset of sqs, sale, question. */
        @JsonSetter("eventCategories")
        void setEventCategories(@Nullable List<@Nullable String> eventCategories) {
            this.eventCategories = eventCategories;
            note("eventCategories", eventCategories);
        }

        /** ACTIVE or INACTIVE. */
        @JsonSetter("status")
        void setStatus(@Nullable WebhookStatus status) {
            this.status = status;
            note("status", status);
        }

        @Nullable String name() {
            return name;
        }

        @Nullable String url() {
            return url;
        }

        @Nullable String description() {
            return description;
        }

        @Nullable List<@Nullable String> eventCategories() {
            return eventCategories;
        }

        @Nullable WebhookStatus status() {
            return status;
        }

        /** Whether the body carried {@code field}, null included. */
        boolean has(String field) {
            return given.contains(field);
        }

        /** The fields the body set to null, in the order they came. */
        List<String> nullFields() {
            return List.copyOf(nulled);
        }

        private void note(String field, @Nullable Object value) {
            given.add(field);
            if (value == null) {
                nulled.add(field);
            }
        }
    }
}
