package com.monitorflow.webhooks.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP receiver on 127.0.0.1 that records every request with its raw body bytes. Paths
 * are {@code /<account>/<webhook>}; the receiver tracks how many requests of each account it is
 * serving at once. Replies are configured per path.
 */
final class TestReceiver implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
        // Without it the server's Nagle delay, not dispatch, would set the pace of every test.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    record Received(String path, Map<String, List<String>> headers, byte[] body, int remotePort, Instant at) {

        @Nullable String header(String name) {
            for (var entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().getFirst();
                }
            }
            return null;
        }
    }

    record Reply(int status, Map<String, String> headers, Duration delay, @Nullable CountDownLatch gate) {

        static Reply status(int status) {
            return new Reply(status, Map.of(), Duration.ZERO, null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> current = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maximum = new ConcurrentHashMap<>();
    private volatile Reply defaultReply = Reply.status(200);

    TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String account, String webhook) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + account + "/" + webhook;
    }

    void reply(String account, String webhook, Reply reply) {
        replies.put("/" + account + "/" + webhook, reply);
    }

    void replyByDefault(Reply reply) {
        defaultReply = reply;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedBy(String account, String webhook) {
        String path = "/" + account + "/" + webhook;
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    int maxConcurrent(String account) {
        AtomicInteger max = maximum.get(account);
        return max == null ? 0 : max.get();
    }

    int concurrent(String account) {
        AtomicInteger now = current.get(account);
        return now == null ? 0 : now.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String account = path.split("/").length > 1 ? path.split("/")[1] : "";
        AtomicInteger now = current.computeIfAbsent(account, a -> new AtomicInteger());
        AtomicInteger max = maximum.computeIfAbsent(account, a -> new AtomicInteger());
        int inFlight = now.incrementAndGet();
        max.accumulateAndGet(inFlight, Math::max);
        boolean counted = true;
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body,
                    exchange.getRemoteAddress().getPort(), Instant.now()));
            Reply reply = replies.getOrDefault(path, defaultReply);
            await(reply);
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] answer = ("{\"status\":" + reply.status() + "}").getBytes();
            // A request stops counting as in flight when its answer is about to leave: the sender
            // may start its next request as soon as the answer arrives, before this thread resumes.
            now.decrementAndGet();
            counted = false;
            exchange.sendResponseHeaders(reply.status(), answer.length);
            exchange.getResponseBody().write(answer);
        } finally {
            if (counted) {
                now.decrementAndGet();
            }
        }
    }

    private static void await(Reply reply) {
        try {
            if (reply.gate() != null) {
                reply.gate().await(30, TimeUnit.SECONDS);
            }
            if (!reply.delay().isZero()) {
                // The receiver simulates a slow endpoint; this runs on the server's own thread.
                TimeUnit.NANOSECONDS.sleep(reply.delay().toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
