package com.monitorflow.webhooks.localstack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;

import com.monitorflow.webhooks.model.DeliveryHeaders;
import com.monitorflow.webhooks.model.WebhookSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The fast local endpoint of the benchmark. Each webhook gets its own path {@code /h/<n>}, so the
 * receiver knows its secret without parsing the body; it verifies the signature of every request
 * against the raw body, counts it in the webhook's {@link TrafficGroup} with the event's age read
 * from {@code createdAt}, and answers 200 with no body (401 for a bad signature, 500 to the first
 * attempt in a group that refuses first attempts).
 *
 * <p>It runs on the JDK's HTTP server, the only server on this classpath. That server keeps at
 * most {@code sun.net.httpserver.maxIdleConnections} idle keep-alive connections (200 unless
 * raised) and closes the others; {@link #raiseIdleConnectionLimit()} must run before the first
 * server of this JVM is created, or every sender with more connections reconnects constantly.
 */
final class BenchReceiver implements AutoCloseable {

    private static final String IDLE_LIMIT_PROPERTY = "sun.net.httpserver.maxIdleConnections";
    private static final byte[] CREATED_AT = "\"createdAt\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final String PATH_PREFIX = "/h/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<Integer, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> seen = new ConcurrentHashMap<>();

    private record Endpoint(String secret, TrafficGroup group) {
    }

    private BenchReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Lets the JDK's HTTP server keep many idle keep-alive connections; see the class comment. */
    static void raiseIdleConnectionLimit() {
        if (System.getProperty(IDLE_LIMIT_PROPERTY) == null) {
            System.setProperty(IDLE_LIMIT_PROPERTY, "20000");
        }
    }

    static BenchReceiver start() throws IOException {
        raiseIdleConnectionLimit();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        var receiver = new BenchReceiver(server, executor);
        server.createContext("/", receiver::handle);
        server.setExecutor(executor);
        server.start();
        return receiver;
    }

    /** Registers webhook number {@code index}; returns the URL its deliveries go to. */
    String register(int index, String secret, TrafficGroup group) {
        endpoints.put(index, new Endpoint(secret, group));
        return url(index);
    }

    String url(int index) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH_PREFIX + index;
    }

    /** Whether webhook number {@code index} has received a correctly signed delivery. */
    boolean hasSeen(int index) {
        return seen.containsKey(index);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            long receivedNanos = System.nanoTime();
            Endpoint endpoint = endpoints.get(indexOf(exchange.getRequestURI().getPath()));
            if (endpoint == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst(DeliveryHeaders.SIGNATURE);
            TrafficGroup group = endpoint.group();
            if (signature == null || !WebhookSignature.verify(body, signature, endpoint.secret())) {
                group.recordInvalid();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            seen.putIfAbsent(indexOf(exchange.getRequestURI().getPath()), Boolean.TRUE);
            exchange.sendResponseHeaders(answer(exchange, group, body, receivedNanos), -1);
        }
    }

    private static int answer(HttpExchange exchange, TrafficGroup group, byte[] body, long receivedNanos) {
        if (group.failsFirstAttempt()) {
            String deliveryId = exchange.getRequestHeaders().getFirst(DeliveryHeaders.DELIVERY);
            String attempt = exchange.getRequestHeaders().getFirst(DeliveryHeaders.ATTEMPT);
            if (deliveryId == null || attempt == null) {
                return 400;
            }
            if (attempt.equals("1")) {
                group.recordFirstAttempt(deliveryId, receivedNanos);
                return 500;
            }
            group.recordRetry(deliveryId, receivedNanos);
        }
        group.recordDelivery(body.length, ageMicros(body), receivedNanos);
        return 200;
    }

    /** Microseconds since the body's {@code createdAt}, or -1 when it has none. */
    static long ageMicros(byte[] body) {
        Instant createdAt = createdAt(body);
        if (createdAt == null) {
            return -1;
        }
        Instant now = Instant.now();
        return (now.getEpochSecond() - createdAt.getEpochSecond()) * 1_000_000
                + (now.getNano() - createdAt.getNano()) / 1_000;
    }

    private static @Nullable Instant createdAt(byte[] body) {
        int start = indexOf(body, CREATED_AT);
        if (start < 0) {
            return null;
        }
        start += CREATED_AT.length;
        int end = start;
        while (end < body.length && body[end] != '"') {
            end++;
        }
        try {
            return Instant.parse(new String(body, start, end - start, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int indexOf(String path) {
        if (!path.startsWith(PATH_PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(path, PATH_PREFIX.length(), path.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
