package com.monitorflow.webhooks.model;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

/**
 * An event as the category topics carry it: validated, with {@code id} and {@code createdAt}
 * always set and {@code createdAt} in UTC.
 *
 * @param id the event id, {@code evt_…}
 * @param accountId the account the event belongs to; also the record key
 * @param event the event name, {@code category.event_name}
 * @param createdAt when the event happened
 * @param data the event-specific payload, passed through unchanged in meaning
 */
public record NormalizedEvent(String id, String accountId, String event, Instant createdAt, ObjectNode data) {

    /** The category named by the first part of {@link #event()}. */
    public EventCategory category() {
        return EventCategory.ofEventName(event)
                .orElseThrow(() -> new IllegalStateException("Event name " + event + " has no known category"));
    }
}
