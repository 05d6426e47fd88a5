package com.monitorflow.webhooks.localstack.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.monitorflow.webhooks.model.Json;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;

/** Creates the benchmark's accounts and webhooks through the registry's REST API, as an admin would. */
final class RegistryAdmin {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    private final String baseUrl;
    private final String adminKey;

    /** A created account. */
    record Account(String id, String apiKey) {
    }

    /** A created webhook with its secret, shown only at creation. */
    record Webhook(String id, String secret) {
    }

    RegistryAdmin(String baseUrl, String adminKey) {
        this.baseUrl = baseUrl;
        this.adminKey = adminKey;
    }

    Account createAccount(String name) throws IOException {
        JsonNode account = post("/v1/accounts", adminKey, Map.of("name", name, "plan", "PRO"));
        return new Account(account.get("id").asString(), account.get("apiKey").asString());
    }

    Webhook createWebhook(Account account, String name, String url) throws IOException {
        JsonNode webhook = post("/v1/webhooks", account.apiKey(),
                Map.of("name", name, "url", url, "eventCategories", List.of("sale")));
        return new Webhook(webhook.get("id").asString(), webhook.get("secret").asString());
    }

    private JsonNode post(String path, String key, Object body) throws IOException {
        Request request = new Request.Builder()
                .url(baseUrl + path)
                .header("Authorization", "Bearer " + key)
                .post(RequestBody.create(Json.mapper().writeValueAsBytes(body), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            if (response.code() != 201) {
                throw new IOException("POST " + path + " answered " + response.code() + ": " + text);
            }
            return Json.mapper().readTree(text);
        }
    }
}
