package com.monitorflow.webhooks.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The event categories a webhook can subscribe to, as the public documentation lists them. */
public enum EventCategory {
    SQS, SALE, QUESTION;

    private static final Pattern EVENT_NAME = Pattern.compile("([a-z]+)\\.([a-z][a-z0-9]*(?:_[a-z0-9]+)*)");

    /** The lower-case name used in event names and in the REST API, such as {@code sale}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category named {@code wireName} exactly ({@code sqs}, {@code sale}, {@code question}). */
    public static Optional<EventCategory> fromWireName(String wireName) {
        for (EventCategory category : values()) {
            if (category.wireName().equals(wireName)) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static EventCategory fromJson(String wireName) {
        return fromWireName(wireName).orElseThrow(() -> new IllegalArgumentException(
                "Unknown event category '" + wireName + "'; expected one of sqs, sale, question"));
    }

    /**
     * The category of an event name of the form {@code category.event_name} in lower snake case,
     * or empty when the name does not have that form or names no known category.
     */
    public static Optional<EventCategory> ofEventName(String eventName) {
        var matcher = EVENT_NAME.matcher(eventName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return fromWireName(matcher.group(1));
    }

    /** Whether {@code eventName} has the form {@code word.event_name}, whatever the category. */
    public static boolean isWellFormedEventName(String eventName) {
        return EVENT_NAME.matcher(eventName).matches();
    }
}
