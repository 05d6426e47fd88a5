package com.monitorflow.webhooks.ingest.validation;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Finds lone UTF-16 surrogates in a parsed document. The JSON parser accepts an escape such as
 * {@code "\ud800"} without its pair and yields a string that has no UTF-8 form, so such a document
 * has to be refused explicitly before anything is serialized again.
 */
final class LoneSurrogates {

    private LoneSurrogates() {
    }

    /** Whether any key or string anywhere in {@code node} holds a lone surrogate. */
    static boolean containsAny(JsonNode node) {
        if (node.isString()) {
            return containsAny(node.stringValue());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (containsAny(property.getKey()) || containsAny(property.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode element : node.values()) {
                if (containsAny(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code text} has a high surrogate not followed by a low one, or a low one on its own. */
    static boolean containsAny(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
