package com.monitorflow.webhooks.registry.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A refusal of the REST API, read from its RFC 9457 problem document: the status, title and detail,
 * and the per-field reasons of a 400, keyed by the form field they belong to.
 */
final class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, String> fieldErrors;
    private final JsonNode document;

    ApiProblem(int status, String title, String detail, Map<String, String> fieldErrors, JsonNode document) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fieldErrors = Map.copyOf(fieldErrors);
        this.document = document;
    }

    /** Reads a problem document; anything else becomes a problem that says the API failed. */
    static ApiProblem of(int status, JsonNode body) {
        String title = text(body, "title", "Request refused");
        String detail = text(body, "detail", "The registry answered " + status);
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode errors = body.path("errors");
        if (errors.isArray()) {
            for (JsonNode error : errors) {
                String field = formField(error.path("field").asString(""));
                fields.merge(field, error.path("reason").asString(""), (a, b) -> a + "; " + b);
            }
        }
        return new ApiProblem(status, title, detail, fields, body);
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    String detail() {
        return String.valueOf(getMessage());
    }

    /** Reasons by form field ({@code name}, {@code url}, {@code description}, {@code eventCategories}). */
    Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** A member of the problem document beyond the standard ones, such as {@code plan} or {@code limit}. */
    @Nullable String member(String name) {
        JsonNode value = document.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** {@code eventCategories[1]} and {@code eventCategories} both belong to the categories field. */
    private static String formField(String apiField) {
        int bracket = apiField.indexOf('[');
        return bracket < 0 ? apiField : apiField.substring(0, bracket);
    }

    private static String text(JsonNode body, String name, String fallback) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() || value.asString().isBlank() ? fallback : value.asString();
    }
}
