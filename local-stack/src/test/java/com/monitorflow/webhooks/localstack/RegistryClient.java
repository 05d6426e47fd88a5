package com.monitorflow.webhooks.localstack;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.monitorflow.webhooks.model.Json;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;

/** The registry REST API as an admin and an account use it in the system tests. */
final class RegistryClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http = new OkHttpClient();
    private final String baseUrl;

    RegistryClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Creates an account and returns it with its API key. */
    JsonNode createAccount(String adminKey, String name, String plan) throws IOException {
        return call("POST", "/v1/accounts", adminKey, Map.of("name", name, "plan", plan), 201);
    }

    /** Creates a webhook and returns it with its secret. */
    JsonNode createWebhook(String apiKey, String name, String url, List<String> categories) throws IOException {
        return call("POST", "/v1/webhooks", apiKey,
                Map.of("name", name, "url", url, "eventCategories", categories), 201);
    }

    /** The attempts of the webhook's delivery log, newest first. */
    JsonNode deliveries(String apiKey, String webhookId) throws IOException {
        return call("GET", "/v1/webhooks/" + webhookId + "/deliveries?limit=100", apiKey, null, 200);
    }

    JsonNode call(String method, String path, String key, Object body, int expectedStatus) throws IOException {
        RequestBody requestBody = body != null ? RequestBody.create(Json.mapper().writeValueAsBytes(body), JSON)
                : method.equals("GET") || method.equals("DELETE") ? null
                : RequestBody.create(new byte[0], null);
        Request request = new Request.Builder()
                .url(baseUrl + path)
                .header("Authorization", "Bearer " + key)
                .method(method, requestBody)
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            if (response.code() != expectedStatus) {
                throw new IOException(method + " " + path + " answered " + response.code() + ": " + text);
            }
            return text.isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(text);
        }
    }
}
