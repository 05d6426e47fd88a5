package com.monitorflow.webhooks.ingest.metrics;

import java.util.EnumMap;
import java.util.Map;

import com.monitorflow.webhooks.ingest.validation.RejectionCode;
import com.monitorflow.webhooks.model.EventCategory;

/**
 * Counts of one batch, kept until its transaction commits so that a rolled-back and redelivered
 * batch is not counted twice. Not thread-safe: one per batch.
 */
public final class IngestTally {

    private final Map<EventCategory, Long> accepted = new EnumMap<>(EventCategory.class);
    private final Map<RejectionCode, Long> rejected = new EnumMap<>(RejectionCode.class);

    public void accepted(EventCategory category) {
        accepted.merge(category, 1L, Long::sum);
    }

    public void rejected(RejectionCode code) {
        rejected.merge(code, 1L, Long::sum);
    }

    Map<EventCategory, Long> accepted() {
        return accepted;
    }

    Map<RejectionCode, Long> rejected() {
        return rejected;
    }
}
