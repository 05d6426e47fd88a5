package com.monitorflow.webhooks.dispatch.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.monitorflow.webhooks.model.DeliveryState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The delivery meters: attempts by outcome and status class, how long attempts take, how long
 * events take from creation to a 2xx, how many deliveries are in flight or queued, and how many
 * were deferred.
 */
public final class DispatchMetrics {

    private final MeterRegistry registry;
    private final Timer attemptDuration;
    private final Timer endToEnd;
    private final Counter deferred;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Counter eventsFannedOut;
    private final Counter eventsWithoutWebhook;
    private final Counter eventsUnreadable;

    public DispatchMetrics(MeterRegistry registry, AccountLanes lanes) {
        this.registry = registry;
        this.attemptDuration = Timer.builder("monitorflow.dispatch.attempt.duration")
                .description("Time of one HTTP delivery attempt")
                .publishPercentileHistogram()
                .register(registry);
        this.endToEnd = Timer.builder("monitorflow.dispatch.end.to.end")
                .description("From the event's createdAt to the 2xx of its delivery")
                .publishPercentileHistogram()
                .register(registry);
        this.deferred = Counter.builder("monitorflow.dispatch.deferred")
                .description("Deliveries handed to the first retry step without an attempt, because their "
                        + "account had more queued than it could work off in time")
                .register(registry);
        this.eventsFannedOut = events("fanned_out");
        this.eventsWithoutWebhook = events("no_webhook");
        this.eventsUnreadable = events("unreadable");
        Gauge.builder("monitorflow.dispatch.in.flight", lanes, AccountLanes::inFlight)
                .description("Deliveries with an HTTP attempt running")
                .register(registry);
        Gauge.builder("monitorflow.dispatch.queued", lanes, AccountLanes::queued)
                .description("Deliveries waiting for their account's concurrency slot")
                .register(registry);
    }

    void attempted(DeliveryState state, @Nullable Integer status, long durationMillis) {
        String outcome = state.name().toLowerCase(Locale.ROOT);
        String statusClass = statusClass(status);
        attempts.computeIfAbsent(outcome + ' ' + statusClass, key -> Counter.builder("monitorflow.dispatch.attempts")
                .description("HTTP delivery attempts by outcome and status class")
                .tag("outcome", outcome)
                .tag("status", statusClass)
                .register(registry))
                .increment();
        if (state != DeliveryState.CANCELLED) {
            attemptDuration.record(Duration.ofMillis(durationMillis));
        }
    }

    /**
     * An event was read: fanned out to at least one webhook, or to none because its account has no
     * ACTIVE webhook subscribed to its category (an unknown account included), or not at all
     * because its record could not be read.
     */
    void eventRead(int deliveries, boolean readable) {
        if (!readable) {
            eventsUnreadable.increment();
        } else if (deliveries == 0) {
            eventsWithoutWebhook.increment();
        } else {
            eventsFannedOut.increment();
        }
    }

    private Counter events(String outcome) {
        return Counter.builder("monitorflow.dispatch.events")
                .description("Events read from the category topics, by what became of them")
                .tag("outcome", outcome)
                .register(registry);
    }

    void deferred() {
        deferred.increment();
    }

    void delivered(Duration sinceCreated) {
        if (!sinceCreated.isNegative()) {
            endToEnd.record(sinceCreated);
        }
    }

    private static String statusClass(@Nullable Integer status) {
        return status == null ? "none" : (status / 100) + "xx";
    }
}
