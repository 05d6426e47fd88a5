package com.monitorflow.webhooks.registry.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.monitorflow.webhooks.model.Json;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * The registry's REST API as the dashboard uses it: plain HTTP calls to this same server with the
 * signed-in account's API key, so every page shows what the documented API answers and no more.
 */
@Component
class RegistryApi {

    private static final Logger log = LoggerFactory.getLogger(RegistryApi.class);

    private final HttpClient http;
    private final Environment environment;
    private final DashboardProperties properties;

    RegistryApi(Environment environment, DashboardProperties properties) {
        this.environment = environment;
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One page of the account's webhooks. */
    JsonNode listWebhooks(String apiKey, @Nullable String cursor, int limit) {
        String query = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + encode(cursor));
        return call("GET", "/v1/webhooks" + query, apiKey, null);
    }

    JsonNode getWebhook(String apiKey, String id) {
        return call("GET", "/v1/webhooks/" + encode(id), apiKey, null);
    }

    /** Creates a webhook; the answer carries its secret. */
    JsonNode createWebhook(String apiKey, Map<String, ?> body) {
        return call("POST", "/v1/webhooks", apiKey, body);
    }

    JsonNode updateWebhook(String apiKey, String id, Map<String, ?> changes) {
        return call("PATCH", "/v1/webhooks/" + encode(id), apiKey, changes);
    }

    void deleteWebhook(String apiKey, String id) {
        call("DELETE", "/v1/webhooks/" + encode(id), apiKey, null);
    }

    /** Replaces the webhook's secret; the answer carries the new one. */
    JsonNode rotateSecret(String apiKey, String id) {
        return call("POST", "/v1/webhooks/" + encode(id) + "/secret/rotate", apiKey, null);
    }

    /** Attempts of the webhook's delivery log, newest first, optionally only those in the given states. */
    JsonNode deliveries(String apiKey, String webhookId, List<String> states, @Nullable String cursor, int limit) {
        var query = new StringBuilder("?limit=").append(limit);
        if (!states.isEmpty()) {
            query.append("&status=").append(encode(String.join(",", states)));
        }
        if (cursor != null) {
            query.append("&cursor=").append(encode(cursor));
        }
        return call("GET", "/v1/webhooks/" + encode(webhookId) + "/deliveries" + query, apiKey, null);
    }

    void resend(String apiKey, String deliveryId) {
        call("POST", "/v1/deliveries/" + encode(deliveryId) + "/resend", apiKey, null);
    }

    private JsonNode call(String method, String path, String apiKey, @Nullable Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(properties.requiredApiTimeout())
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json, application/problem+json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = send(request);
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw ApiProblem.of(response.statusCode(), answer);
        }
        return answer;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            log.warn("The dashboard could not reach the REST API at {}: {}", request.uri().getPath(), e.toString());
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable();
        }
    }

    private static ApiProblem unreachable() {
        return ApiProblem.of(503, Json.mapper().createObjectNode()
                .put("title", "Service unavailable")
                .put("detail", "The registry did not answer in time; try again in a moment"));
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (RuntimeException notJson) {
            return Json.mapper().createObjectNode();
        }
    }

    private String baseUrl() {
        if (properties.apiBaseUrl() != null) {
            return properties.apiBaseUrl();
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://127.0.0.1:" + port;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
