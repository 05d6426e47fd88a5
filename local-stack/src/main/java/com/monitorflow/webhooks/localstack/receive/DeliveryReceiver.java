package com.monitorflow.webhooks.localstack.receive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

import com.monitorflow.webhooks.model.WebhookSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook endpoint on the loopback interface that checks every delivery's signature against
 * the raw body, as the public documentation tells receivers to, and keeps what it received.
 * Requests with a missing or wrong signature are answered 401; the others with the status the
 * {@code answer} function chooses (200 by default).
 */
public final class DeliveryReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<ReceivedDelivery> received = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private volatile ToIntFunction<ReceivedDelivery> answer = delivery -> 200;
    private volatile Consumer<ReceivedDelivery> listener = delivery -> {
    };

    private DeliveryReceiver(HttpServer server, String secret) {
        this.server = server;
        this.secret = secret;
    }

    /** Starts a receiver on {@code 127.0.0.1:port} (0 picks a free port). */
    public static DeliveryReceiver start(int port, String secret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        var receiver = new DeliveryReceiver(server, secret);
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The secret deliveries are verified with from now on, for example after a rotation. */
    public void useSecret(String newSecret) {
        this.secret = newSecret;
    }

    /** Chooses the status answered to each correctly signed delivery. */
    public void answerWith(ToIntFunction<ReceivedDelivery> chooser) {
        this.answer = chooser;
    }

    /** Called with each request once it has been answered. */
    public void onDelivery(Consumer<ReceivedDelivery> callback) {
        this.listener = callback;
    }

    /** Everything received so far, in arrival order. */
    public List<ReceivedDelivery> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String signature = headers.get(WebhookSignature.HEADER.toLowerCase(Locale.ROOT));
            boolean valid = signature != null && WebhookSignature.verify(body, signature, secret);
            var unanswered = new ReceivedDelivery(body, headers, valid, 0, Instant.now());
            int status = valid ? answer.applyAsInt(unanswered) : 401;
            var delivery = new ReceivedDelivery(body, headers, valid, status, unanswered.receivedAt());
            received.add(delivery);
            byte[] reply = (valid ? "received" : "invalid signature").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
            listener.accept(delivery);
        }
    }
}
