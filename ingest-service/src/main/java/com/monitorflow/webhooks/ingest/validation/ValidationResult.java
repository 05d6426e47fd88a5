package com.monitorflow.webhooks.ingest.validation;

import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.NormalizedEvent;

/** The outcome of validating one inbound value: a normalized event or a rejection. */
public sealed interface ValidationResult {

    /**
     * The value is a valid event.
     *
     * @param event the normalized event
     * @param category the category named by the event
     * @param json the event serialized with the shared mapper, ready to be written to its category topic
     */
    record Accepted(NormalizedEvent event, EventCategory category, byte[] json) implements ValidationResult {
    }

    /**
     * The value cannot be delivered.
     *
     * @param rejection the code and reason
     */
    record Rejected(Rejection rejection) implements ValidationResult {
    }
}
