package com.monitorflow.webhooks.registry.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.registry.IntegrationTestSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard's pages over plain HTTP on a real registry (PostgreSQL and Kafka): the session
 * cookie's attributes, the form token on every POST, sign-in, validation reasons next to their
 * fields, the FREE plan's limit and a secret shown exactly once. The browser walk-through lives in
 * the local stack's {@code DashboardBrowserIT}.
 */
class DashboardIT extends IntegrationTestSupport {

    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("id=\"secret-value\"[^>]*value=\"([^\"]+)\"");

    @Autowired
    TopicNames topics;

    private HttpClient browser;

    @BeforeEach
    void freshBrowser() {
        browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void pagesNeedASignedInSession() throws Exception {
        HttpResponse<String> list = get("/dashboard/webhooks");

        assertThat(list.statusCode()).isEqualTo(302);
        assertThat(list.headers().firstValue("Location").orElseThrow()).endsWith("/dashboard/sign-in");
    }

    @Test
    void signInKeepsTheKeyInAnHttpOnlySameSiteSessionCookieAndNeverInTheUrl() throws Exception {
        TestAccount account = newAccount("PRO");

        HttpResponse<String> signIn = signIn(account.apiKey());

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/dashboard/webhooks")
                .doesNotContain(account.apiKey()).doesNotContainIgnoringCase("jsessionid");
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("MONITORFLOW_DASHBOARD=").contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/dashboard").doesNotContain(account.apiKey());
        HttpResponse<String> list = get("/dashboard/webhooks");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Plan: <strong>PRO</strong>").doesNotContain(account.apiKey());
        assertThat(list.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void aWrongKeyIsRefusedWithAMessage() throws Exception {
        HttpResponse<String> signIn = signIn("mfk_not-a-key");

        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.body()).contains("This API key is not valid");
        assertThat(get("/dashboard/webhooks").statusCode()).isEqualTo(302);
    }

    @Test
    void aPostWithoutTheSessionsFormTokenIsRefused() throws Exception {
        TestAccount account = newAccount("PRO");
        signIn(account.apiKey());

        HttpResponse<String> forged = post("/dashboard/webhooks", Map.of("name", "Forged",
                "url", "https://example.com/forged", "eventCategories", "sale", "_csrf", "guessed"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/webhooks", account.apiKey(), null).json().get("data")).isEmpty();
    }

    @Test
    void validationReasonsOfTheApiAppearNextToTheirFields() throws Exception {
        TestAccount account = newAccount("PRO");
        signIn(account.apiKey());
        String token = formToken(get("/dashboard/webhooks/new"));

        HttpResponse<String> refused = post("/dashboard/webhooks", Map.of("name", "Orders",
                "url", "http://example.com/plain", "_csrf", token));

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body())
                .contains("id=\"url-error\"").contains("URL must use https")
                .contains("id=\"categories-error\"")
                .doesNotContain("id=\"name-error\"")
                .contains("value=\"Orders\"");
    }

    @Test
    void theNameFieldHoldsToTheApisLimitAndControlCharactersAreExplained() throws Exception {
        TestAccount account = newAccount("PRO");
        signIn(account.apiKey());
        HttpResponse<String> page = get("/dashboard/webhooks/new");

        HttpResponse<String> refused = post("/dashboard/webhooks", Map.of("name", "a\u0000b",
                "url", "https://example.com/orders", "eventCategories", "sale", "_csrf", formToken(page)));

        assertThat(page.body()).contains("maxlength=\"100\"").doesNotContain("maxlength=\"200\"");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"name-error\"").contains("Name must not contain control characters");
        assertThat(call("GET", "/v1/webhooks", account.apiKey(), null).json().get("data")).isEmpty();
    }

    @Test
    void theSecretIsShownOnceAndTheFreePlansLimitIsExplained() throws Exception {
        TestAccount account = newAccount("FREE");
        signIn(account.apiKey());
        String token = formToken(get("/dashboard/webhooks/new"));

        HttpResponse<String> created = post("/dashboard/webhooks", Map.of("name", "Orders",
                "url", "https://example.com/orders", "eventCategories", "sale", "_csrf", token));
        String details = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> first = get(details);
        HttpResponse<String> second = get(details);

        Matcher secret = SECRET.matcher(first.body());
        assertThat(secret.find()).isTrue();
        assertThat(secret.group(1)).isNotBlank();
        assertThat(first.body()).contains("it will not be shown again");
        assertThat(second.body()).doesNotContain(secret.group(1)).doesNotContain("secret-value");

        HttpResponse<String> list = get("/dashboard/webhooks");
        assertThat(list.body()).contains("Orders").contains("id=\"upgrade-hint\"").contains("(1 of 1 used)");
        HttpResponse<String> refused = post("/dashboard/webhooks", Map.of("name", "Second",
                "url", "https://example.com/second", "eventCategories", "sqs", "_csrf", token));
        assertThat(refused.body()).contains("id=\"plan-limit\"").contains("The FREE plan allows 1 webhook");
    }

    @Test
    void theDetailsPageShowsTheLogAndChangesTheWebhook() throws Exception {
        TestAccount account = newAccount("PRO");
        String id = newWebhook(account, "Orders", "https://example.com/orders").get("id").asString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(new DeliveryAttempt(Ids.deliveryId("evt_a", id), account.id(), id, "evt_a", "sale.created", 1,
                now.minus(2, ChronoUnit.HOURS), 87, 500, null, null, "upstream <b>down</b>", DeliveryState.RETRYING,
                "{\"id\":\"evt_a\"}"));
        publish(new DeliveryAttempt(Ids.deliveryId("evt_a", id), account.id(), id, "evt_a", "sale.created", 2,
                now.minus(1, ChronoUnit.HOURS), 12, 200, null, null, "ok", DeliveryState.SUCCEEDED, null));
        signIn(account.apiKey());
        String details = "/dashboard/webhooks/" + id;
        await().atMost(Duration.ofSeconds(30)).until(() -> get(details).body().contains("HTTP 200"));

        String page = get(details).body();
        assertThat(page.indexOf("SUCCEEDED · HTTP 200")).isLessThan(page.indexOf("RETRYING · HTTP 500"));
        assertThat(page).contains("87 ms").contains("upstream &lt;b&gt;down&lt;/b&gt;").contains("<details>");
        assertThat(get(details + "?status=retrying").body()).contains("RETRYING · HTTP 500")
                .doesNotContain("SUCCEEDED · HTTP 200");
        assertThat(get("/dashboard/webhooks").body()).contains("SUCCEEDED · HTTP 200");
        String token = formToken(get(details));

        HttpResponse<String> resent = post(details + "/deliveries/" + Ids.deliveryId("evt_a", id) + "/resend",
                Map.of("_csrf", token));
        assertThat(resent.statusCode()).isEqualTo(302);
        assertThat(get(details).body()).contains("queued to be sent again");

        assertThat(post(details + "/edit", Map.of("name", "Orders v2", "url", "https://example.com/v2",
                "eventCategories", "question", "description", "Second version", "_csrf", token)).statusCode())
                .isEqualTo(302);
        assertThat(post(details + "/status", Map.of("status", "INACTIVE", "_csrf", token)).statusCode())
                .isEqualTo(302);
        var changed = call("GET", "/v1/webhooks/" + id, account.apiKey(), null).json();
        assertThat(changed.get("name").asString()).isEqualTo("Orders v2");
        assertThat(changed.get("url").asString()).isEqualTo("https://example.com/v2");
        assertThat(changed.get("description").asString()).isEqualTo("Second version");
        assertThat(changed.get("status").asString()).isEqualTo("INACTIVE");

        assertThat(get(details + "/rotate-secret").body()).contains("Rotate the secret of Orders v2?");
        post(details + "/rotate-secret", Map.of("_csrf", token));
        assertThat(get(details).body()).contains("secret-value");

        assertThat(get(details + "/delete").body()).contains("Delete Orders v2?");
        HttpResponse<String> deleted = post(details + "/delete", Map.of("_csrf", token));
        assertThat(deleted.headers().firstValue("Location").orElseThrow()).endsWith("/dashboard/webhooks");
        assertThat(get("/dashboard/webhooks").body()).contains("deleted").contains("No webhooks yet");
        assertThat(get(details).statusCode()).isEqualTo(404);
    }

    private void publish(DeliveryAttempt attempt) {
        produce(topics.attempts(), attempt.accountId(), Json.mapper().writeValueAsBytes(attempt));
    }

    private HttpResponse<String> signIn(String apiKey) throws Exception {
        String token = formToken(get("/dashboard/sign-in"));
        return post("/dashboard/sign-in", Map.of("apiKey", apiKey, "_csrf", token));
    }

    private static String formToken(HttpResponse<String> page) {
        Matcher matcher = FORM_TOKEN.matcher(page.body());
        assertThat(matcher.find()).as("form token on %s", page.uri()).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(uri(pathOrUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> fields)
            throws IOException, InterruptedException {
        String form = new LinkedHashMap<>(fields).entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : "http://localhost:" + port + pathOrUrl);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
