package com.monitorflow.webhooks.dispatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import com.monitorflow.webhooks.dispatch.signing.SignedDelivery;
import com.monitorflow.webhooks.model.DeliveryPayload;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.NormalizedEvent;
import com.monitorflow.webhooks.model.WebhookSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WebhookClientTest {

    private static final Duration SHORT = Duration.ofSeconds(2);
    private static final EndpointPolicy LOCAL = new EndpointPolicy(true, true);
    private static final String SECRET = "whsec_test-secret-ü";

    private HttpServer server;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile Consumer<HttpExchange> answer = exchange -> respond(exchange, 200, "ok");

    record Exchange(String path, Map<String, List<String>> headers, byte[] body, int remotePort) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                exchanges.add(new Exchange(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                        in.readAllBytes(), exchange.getRemoteAddress().getPort()));
                answer.accept(exchange);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsTheExactSignedBytesForNonAsciiEmojiAndEscapes() throws Exception {
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("customer", "Zoë Ångström, 東京, Привет");
        data.put("note", "rocket 🚀 and family 👨‍👩‍👧 and flag 🇧🇷");
        data.put("escapes", "quote \" backslash \\ slash / newline \n tab \t nul \u0000 bell \u0007 </script>");
        data.put("amount", new java.math.BigDecimal("1234567890.120"));
        var event = new NormalizedEvent(Ids.newEventId(java.time.Clock.systemUTC()), "acc_1", "sale.created",
                Instant.parse("2025-03-06T06:11:45Z"), data);
        byte[] body = DeliveryPayload.of(event, "whk_1").toBytes();
        var delivery = SignedDelivery.sign(url("/hook"), body, SECRET, "sale.created", "dlv_1", 1);

        AttemptResponse response;
        try (var client = new WebhookClient(LOCAL, SHORT, "MonitorFlow-Webhooks/1.2.3", 8)) {
            response = client.send(delivery);
        }

        assertThat(response.succeeded()).isTrue();
        Exchange received = exchanges.getFirst();
        assertThat(received.body()).isEqualTo(body);
        assertThat(WebhookSignature.verify(received.body(), received.header("X-MonitorFlow-Signature"), SECRET))
                .isTrue();
        // What the documented Express receiver does: sign the body decoded as UTF-8 text.
        String rawBody = new String(received.body(), StandardCharsets.UTF_8);
        assertThat(WebhookSignature.sign(rawBody.getBytes(StandardCharsets.UTF_8), SECRET))
                .isEqualTo(received.header("X-MonitorFlow-Signature"));
        assertThat(Json.mapper().readTree(rawBody).get("data")).isEqualTo(data);
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        assertThat(received.header("X-MonitorFlow-Event")).isEqualTo("sale.created");
        assertThat(received.header("X-MonitorFlow-Delivery")).isEqualTo("dlv_1");
        assertThat(received.header("X-MonitorFlow-Attempt")).isEqualTo("1");
        assertThat(received.header("User-Agent")).isEqualTo("MonitorFlow-Webhooks/1.2.3");
        assertThat(rawBody).startsWith("{\"id\":\"" + event.id() + "\",\"event\":\"sale.created\","
                + "\"createdAt\":\"2025-03-06T06:11:45Z\",\"data\":{").endsWith(",\"webhookId\":\"whk_1\"}");
    }

    @Test
    void reusesConnectionsAcrossAttempts() {
        try (var client = new WebhookClient(LOCAL, SHORT, "ua", 8)) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.send(delivery(url("/hook"))).succeeded()).isTrue();
            }
        }

        assertThat(exchanges).hasSize(20);
        assertThat(exchanges.stream().map(Exchange::remotePort).distinct()).hasSize(1);
    }

    @Test
    void reusesConnectionsPerWebhookUrlAcrossItsPools() {
        List<String> urls = IntStream.range(0, 6).mapToObj(i -> url("/hook/" + i)).toList();
        int idleAfterwards;
        try (var client = new WebhookClient(LOCAL, SHORT, "ua", 64)) {
            for (int round = 0; round < 20; round++) {
                for (String url : urls) {
                    assertThat(client.send(delivery(url)).succeeded()).isTrue();
                }
            }
            idleAfterwards = client.idleConnections();
        }

        assertThat(exchanges).hasSize(120);
        assertThat(exchanges.stream().map(Exchange::remotePort).distinct().count()).isBetween(1L, 6L);
        assertThat(idleAfterwards).isBetween(1, 6);
    }

    @Test
    void redirectToALoginPageIsAFailedAttemptWithItsLocation() {
        answer = exchange -> {
            exchange.getResponseHeaders().add("Location", "https://login.example.com/sso?next=/hook");
            respond(exchange, 302, "moved");
        };

        AttemptResponse response;
        try (var client = new WebhookClient(LOCAL, SHORT, "ua", 8)) {
            response = client.send(delivery(url("/hook")));
        }

        assertThat(response.succeeded()).isFalse();
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location()).isEqualTo("https://login.example.com/sso?next=/hook");
        assertThat(exchanges).hasSize(1);
    }

    @Test
    void keepsOnlyTheFirstKilobyteOfTheResponse() {
        answer = exchange -> respond(exchange, 500, "x".repeat(5000));

        AttemptResponse response;
        try (var client = new WebhookClient(LOCAL, SHORT, "ua", 8)) {
            response = client.send(delivery(url("/hook")));
        }

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.excerpt()).hasSize(1024);
    }

    @Test
    void endpointThatAcceptsAndNeverAnswersEndsWithinTheBound() throws IOException {
        assertBounded(RawEndpoint.silent(), SHORT);
    }

    @Test
    void endpointThatSendsHeadersAndNeverTheBodyEndsWithinTheBound() throws IOException {
        AttemptResponse response = assertBounded(RawEndpoint.headersWithoutBody(), SHORT);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.error()).contains("did not arrive in full");
    }

    @Test
    void endpointThatDripsAByteASecondEndsWithinTheBound() throws IOException {
        assertBounded(RawEndpoint.drip(), SHORT);
    }

    @Test
    void silentEndpointEndsWithinTheDocumentedTenSeconds() throws IOException {
        assertBounded(RawEndpoint.silent(), Duration.ofSeconds(10));
    }

    @Test
    void loopbackIsRefusedByDefaultForNamesAndLiterals() {
        var httpOnly = new EndpointPolicy(true, false);
        try (var client = new WebhookClient(httpOnly, SHORT, "ua", 8)) {
            int port = server.getAddress().getPort();

            AttemptResponse literal = client.send(delivery("http://127.0.0.1:" + port + "/hook"));
            AttemptResponse name = client.send(delivery("http://localhost:" + port + "/hook"));
            AttemptResponse v6 = client.send(delivery("http://[::1]:" + port + "/hook"));

            assertThat(List.of(literal, name, v6)).allSatisfy(r -> {
                assertThat(r.succeeded()).isFalse();
                assertThat(r.status()).isNull();
                assertThat(r.error()).contains("loopback");
            });
        }
        assertThat(exchanges).isEmpty();
    }

    @Test
    void privateAndMetadataAddressesAreRefusedBeforeConnecting() {
        try (var client = new WebhookClient(LOCAL, SHORT, "ua", 8)) {
            for (String host : Set.of("10.1.2.3", "192.168.0.10", "169.254.169.254", "[fd00:ec2::254]",
                    "[::ffff:10.0.0.1]")) {
                AttemptResponse response = client.send(delivery("http://" + host + "/hook"));

                assertThat(response.error()).as(host).startsWith("Refused to connect to");
                assertThat(response.durationMillis()).as(host).isLessThan(1000);
            }
        }
    }

    @Test
    void plainHttpIsRefusedByDefault() {
        try (var client = new WebhookClient(EndpointPolicy.strict(), SHORT, "ua", 8)) {
            AttemptResponse response = client.send(delivery(url("/hook")));

            assertThat(response.error()).isEqualTo("Only https URLs are delivered to");
        }
        assertThat(exchanges).isEmpty();
    }

    private AttemptResponse assertBounded(RawEndpoint.Behaviour behaviour, Duration timeout) throws IOException {
        try (var endpoint = new RawEndpoint(behaviour); var client = new WebhookClient(LOCAL, timeout, "ua", 8)) {
            long started = System.nanoTime();
            AttemptResponse response = client.send(delivery(endpoint.url()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.succeeded()).isFalse();
            assertThat(took).isBetween(timeout.minusMillis(200), timeout.plusMillis(3000));
            assertThat(response.error()).isNotNull();
            return response;
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static SignedDelivery delivery(String url) {
        return SignedDelivery.sign(url, "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8), SECRET, "sale.created",
                "dlv_1", 1);
    }

    private static void respond(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
