package com.monitorflow.webhooks.ingest.metrics;

import java.util.EnumMap;
import java.util.Map;

import com.monitorflow.webhooks.ingest.validation.RejectionCode;
import com.monitorflow.webhooks.model.EventCategory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counters of inbound events: {@code monitorflow.ingest.events.accepted} tagged with the category
 * and {@code monitorflow.ingest.events.rejected} tagged with the rejection code. Every tag value is
 * registered at start, so a dashboard sees zeros rather than missing series.
 */
@Component
public class IngestMetrics {

    static final String ACCEPTED = "monitorflow.ingest.events.accepted";
    static final String REJECTED = "monitorflow.ingest.events.rejected";

    private final Map<EventCategory, Counter> accepted = new EnumMap<>(EventCategory.class);
    private final Map<RejectionCode, Counter> rejected = new EnumMap<>(RejectionCode.class);

    public IngestMetrics(MeterRegistry registry) {
        for (EventCategory category : EventCategory.values()) {
            accepted.put(category, Counter.builder(ACCEPTED)
                    .description("Inbound events written to their category topic")
                    .tag("category", category.wireName())
                    .register(registry));
        }
        for (RejectionCode code : RejectionCode.values()) {
            rejected.put(code, Counter.builder(REJECTED)
                    .description("Inbound events refused, by reason")
                    .tag("code", code.name())
                    .register(registry));
        }
    }

    /** Adds the counts of {@code tally}, once its events are committed. */
    public void record(IngestTally tally) {
        tally.accepted().forEach((category, count) -> accepted.get(category).increment(count));
        tally.rejected().forEach((code, count) -> rejected.get(code).increment(count));
    }

    /** The accepted count of {@code category} so far. */
    public double acceptedCount(EventCategory category) {
        return accepted.get(category).count();
    }

    /** The rejected count of {@code code} so far. */
    public double rejectedCount(RejectionCode code) {
        return rejected.get(code).count();
    }
}
