package com.monitorflow.webhooks.registry.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/** What the pages show, read leniently from the REST API's JSON so that added fields change nothing. */
public final class DashboardViews {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private DashboardViews() {
    }

    /** A webhook as the API shows it. */
    public record Webhook(String id, String name, String url, String description, List<String> eventCategories,
            String status, String createdAt, String updatedAt) {

        static Webhook of(JsonNode json) {
            List<String> categories = new ArrayList<>();
            json.path("eventCategories").forEach(c -> categories.add(c.asString()));
            return new Webhook(text(json, "id"), text(json, "name"), text(json, "url"), text(json, "description"),
                    List.copyOf(categories), text(json, "status"), time(json, "createdAt"), time(json, "updatedAt"));
        }

        public boolean active() {
            return "ACTIVE".equals(status);
        }
    }

    /** One HTTP attempt of a delivery, as the delivery log lists it. */
    public record Attempt(String deliveryId, String eventId, String event, int attempt, String attemptedAt,
            long durationMillis, @Nullable Integer statusCode, String error, String responseExcerpt, String state) {

        static Attempt of(JsonNode json) {
            JsonNode status = json.get("statusCode");
            return new Attempt(text(json, "deliveryId"), text(json, "eventId"), text(json, "event"),
                    json.path("attempt").asInt(0), time(json, "attemptedAt"), json.path("durationMillis").asLong(0),
                    status == null || status.isNull() ? null : status.asInt(), text(json, "error"),
                    text(json, "responseExcerpt"), text(json, "state"));
        }

        /** A short outcome such as {@code SUCCEEDED · HTTP 200}. */
        public String outcome() {
            return statusCode == null ? state : state + " · HTTP " + statusCode;
        }

        /** The CSS modifier of the state's badge. */
        public String tone() {
            return switch (state) {
                case "SUCCEEDED" -> "ok";
                case "RETRYING" -> "warn";
                default -> "bad";
            };
        }
    }

    /** A webhook of the list with the outcome of its latest delivery attempt, if any. */
    public record Row(Webhook webhook, @Nullable Attempt last) {
    }

    /**
     * The account's plan and how far it is used.
     *
     * @param name FREE or PRO
     * @param limit how many webhooks the plan allows, or null when unlimited
     * @param used how many webhooks the account has
     */
    public record Plan(String name, @Nullable Integer limit, int used) {

        public boolean atLimit() {
            return limit != null && used >= limit;
        }

        public String allowance() {
            return limit == null ? "unlimited webhooks" : limit + (limit == 1 ? " webhook" : " webhooks");
        }
    }

    private static String text(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static String time(JsonNode json, String name) {
        String value = text(json, name);
        try {
            return value.isEmpty() ? "" : SHOWN.format(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return value;
        }
    }
}
