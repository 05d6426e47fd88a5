package com.monitorflow.webhooks.model;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The event categories a webhook can subscribe to, as the public documentation lists them. */
public enum EventCategory {
    SQS, SALE, QUESTION;

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
        if (!isWellFormedEventName(eventName)) {
            return Optional.empty();
        }
        return fromWireName(eventName.substring(0, eventName.indexOf('.')));
    }

    /**
     * Whether {@code eventName} has the form {@code word.event_name}, whatever the category: a
     * lower-case word, a dot, then lower-case letters and digits starting with a letter, where
     * single underscores may separate non-empty parts. Checked by hand rather than with a regular
     * expression because dispatch asks it for every delivery.
     */
    public static boolean isWellFormedEventName(String eventName) {
        int dot = eventName.indexOf('.');
        if (dot < 1 || dot + 1 >= eventName.length() || !isLetter(eventName.charAt(dot + 1))) {
            return false;
        }
        for (int i = 0; i < dot; i++) {
            if (!isLetter(eventName.charAt(i))) {
                return false;
            }
        }
        char previous = '.';
        for (int i = dot + 1; i < eventName.length(); i++) {
            char c = eventName.charAt(i);
            boolean allowed = isLetter(c) || (c >= '0' && c <= '9') || (c == '_' && previous != '_');
            if (!allowed) {
                return false;
            }
            previous = c;
        }
        return previous != '_';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }
}
