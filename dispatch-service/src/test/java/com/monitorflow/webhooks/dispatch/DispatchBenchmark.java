package com.monitorflow.webhooks.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.monitorflow.webhooks.dispatch.http.EndpointPolicy;
import com.monitorflow.webhooks.dispatch.http.WebhookClient;
import com.monitorflow.webhooks.dispatch.signing.SignedDelivery;
import com.monitorflow.webhooks.model.DeliveryPayload;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.NormalizedEvent;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.model.WebhookStatus;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures signed deliveries per second and event-to-receipt latency through the whole dispatch
 * path (embedded broker, fan-out, signing, OkHttp, outcome records, commits) into a fast local
 * receiver, for fan-out 1 and 100, next to the ceiling: the same HTTP client posting pre-signed
 * bodies to the same receiver with no Kafka. Not a test; run it with {@code main}.
 */
public final class DispatchBenchmark {

    private static final int DELIVERIES = Integer.getInteger("deliveries", 50_000);
    /** Accounts per run; each may have 10 deliveries in flight, so 8 accounts allow 80. */
    private static final int ACCOUNTS = Integer.getInteger("accounts", 8);
    private static final int CEILING_CONCURRENCY = Integer.getInteger("ceilingConcurrency", ACCOUNTS * 10);

    private final HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private volatile long[] latencyMicros = new long[0];
    private volatile long firstNanos;
    private volatile long lastNanos;
    private volatile boolean receiverMeasuresLatency;

    private DispatchBenchmark() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4000");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4000);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                long now = System.nanoTime();
                record(body, now);
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    public static void main(String[] args) throws Exception {
        var bench = new DispatchBenchmark();
        List<String> lines = new ArrayList<>();
        try (var kafka = new KafkaFixture()) {
            bench.ceiling();
            bench.dispatch(kafka, 1, ACCOUNTS, "warm-up.");
            lines.add(bench.ceiling());
            lines.add(bench.dispatch(kafka, 1, ACCOUNTS, ""));
            lines.add(bench.ceiling());
            lines.add(bench.dispatch(kafka, 100, ACCOUNTS, ""));
        } finally {
            bench.server.stop(0);
        }
        System.out.println();
        System.out.println("| run | deliveries | deliveries/s | p50 ms | p95 ms | p99 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        lines.forEach(System.out::println);
        System.exit(0);
    }

    /** The same client posting pre-signed bodies straight to the receiver: what dispatch could reach. */
    private String ceiling() throws InterruptedException {
        reset(DELIVERIES);
        receiverMeasuresLatency = false;
        List<SignedDelivery> bodies = new ArrayList<>(DELIVERIES);
        for (int i = 0; i < DELIVERIES; i++) {
            NormalizedEvent event = event("acc_ceiling", i);
            byte[] body = DeliveryPayload.of(event, "whk_ceiling").toBytes();
            bodies.add(SignedDelivery.sign(url("ceiling"), body, "secret", event.event(), "dlv_" + i, 1));
        }
        var next = new AtomicInteger();
        try (var client = new WebhookClient(new EndpointPolicy(true, true), Duration.ofSeconds(10),
                "MonitorFlow-Webhooks/bench", 512);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < CEILING_CONCURRENCY; t++) {
                threads.execute(() -> {
                    for (int i = next.getAndIncrement(); i < DELIVERIES; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        client.send(bodies.get(i));
                        latencyMicros[i] = (System.nanoTime() - sent) / 1000;
                    }
                });
            }
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.MINUTES);
        }
        return report("ceiling: same client, pre-signed, " + CEILING_CONCURRENCY
                + " in flight, no Kafka (latency = request round trip)");
    }

    private String dispatch(KafkaFixture kafka, int fanOut, int accounts, String prefix) throws Exception {
        TopicNames topics = KafkaFixture.topics(prefix + "bench" + fanOut + ".");
        kafka.createTopics(topics);
        for (int a = 0; a < accounts; a++) {
            for (int w = 0; w < fanOut; w++) {
                kafka.publish(topics, kafka.webhook("acc_" + a, url("acc_" + a + "/" + w), "secret-" + w,
                        WebhookStatus.ACTIVE, EventCategory.SALE));
            }
        }
        var properties = DispatchProperties.defaults().withGroupId(prefix + "bench" + fanOut);
        DispatchNode node = kafka.startNode(topics, properties, new EndpointPolicy(true, true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (node.assignedPartitions() == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }

        int events = DELIVERIES / fanOut;
        reset(events * fanOut);
        receiverMeasuresLatency = true;
        long started = System.nanoTime();
        for (int i = 0; i < events; i++) {
            kafka.publishAsync(topics, event("acc_" + (i % accounts), i));
        }
        kafka.flush();
        deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (received.get() < events * fanOut && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        firstNanos = started;
        node.close();
        return report(prefix + "dispatch, fan-out " + fanOut + " (" + accounts + " accounts, " + events + " events)");
    }

    private static NormalizedEvent event(String account, int n) {
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("orderId", "ord_" + n);
        data.put("customer", "Zoë Ångström");
        data.put("amount", new java.math.BigDecimal("129.90"));
        data.put("currency", "EUR");
        data.put("note", "x".repeat(800));
        return new NormalizedEvent(Ids.newEventId(Clock.systemUTC()), account, "sale.created", Instant.now(), data);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    private void reset(int expected) {
        latencyMicros = new long[expected];
        received.set(0);
        firstNanos = System.nanoTime();
        lastNanos = firstNanos;
    }

    private void record(byte[] body, long nowNanos) {
        int index = received.getAndIncrement();
        long[] latencies = latencyMicros;
        if (receiverMeasuresLatency && index < latencies.length) {
            latencies[index] = micros(createdAt(body));
        }
        lastNanos = nowNanos;
    }

    private static Instant createdAt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        int start = text.indexOf("\"createdAt\":\"") + 13;
        return Instant.parse(text.substring(start, text.indexOf('"', start)));
    }

    private static long micros(Instant createdAt) {
        Instant now = Instant.now();
        return Duration.between(createdAt, now).toNanos() / 1000;
    }

    private String report(String name) {
        int count = Math.min(received.get(), latencyMicros.length);
        long[] sorted = Arrays.copyOf(latencyMicros, count);
        Arrays.sort(sorted);
        double seconds = (lastNanos - firstNanos) / 1e9;
        String line = String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f |", name, count,
                count / seconds, pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99), pct(sorted, 1.0));
        System.out.println(line);
        return line;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
