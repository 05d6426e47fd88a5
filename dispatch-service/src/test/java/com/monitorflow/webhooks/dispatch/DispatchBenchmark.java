package com.monitorflow.webhooks.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures how fast one dispatch instance delivers signed webhooks into a fast local receiver,
 * next to that receiver's ceiling: the same HTTP client posting pre-signed bodies with no Kafka.
 * Not a test; run it with {@code main} (see the module README).
 *
 * <p>Three kinds of run:
 * <ul>
 *   <li><b>ceiling</b>: 80 threads post pre-signed bodies through one {@link WebhookClient};</li>
 *   <li><b>throughput</b>: a backlog of events is written first, then a {@link DispatchNode} starts
 *       and drains it (consume, fan out, sign, POST, record the attempt, commit); the rate runs from
 *       the first delivery received to the last;</li>
 *   <li><b>latency</b>: events are written at a steady rate while the node runs; latency is the
 *       event's {@code createdAt} to its receipt.</li>
 * </ul>
 * Every throughput run is compared with the mean of the ceilings measured just before and after
 * it, so a drift of the machine during the run shows up in both.
 */
public final class DispatchBenchmark {

    private static final int DELIVERIES = Integer.getInteger("deliveries", 100_000);
    /** Accounts per run; each may have 10 deliveries in flight, so 8 accounts allow 80. */
    private static final int ACCOUNTS = Integer.getInteger("accounts", 8);
    private static final int CEILING_CONCURRENCY = Integer.getInteger("ceilingConcurrency", ACCOUNTS * 10);
    private static final int PACED_RATE = Integer.getInteger("pacedRate", 2_000);
    private static final int PACED_SECONDS = Integer.getInteger("pacedSeconds", 15);

    private final HttpServer server;
    private volatile Phase phase = new Phase(0, false);
    private int runs;

    private DispatchBenchmark() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4000");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4000);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                phase.received(body, System.nanoTime());
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    public static void main(String[] args) throws Exception {
        var bench = new DispatchBenchmark();
        List<String> table = new ArrayList<>();
        try (var kafka = new KafkaFixture()) {
            Integer profiled = Integer.getInteger("profileFanOut");
            if (profiled != null) {
                bench.profile(kafka, profiled);
                System.exit(0);
            }
            System.out.println("Warming up");
            bench.ceiling();
            bench.drain(kafka, 1);
            bench.drain(kafka, 100);
            bench.ceiling();

            System.out.println("Measuring");
            Result before = bench.ceiling();
            Result fanOut1 = bench.drain(kafka, 1);
            Result between = bench.ceiling();
            Result fanOut100 = bench.drain(kafka, 100);
            Result after = bench.ceiling();
            Result paced1 = bench.paced(kafka, 1);
            Result paced100 = bench.paced(kafka, 100);

            table.add(before.row(null));
            table.add(fanOut1.row(mean(before, between)));
            table.add(between.row(null));
            table.add(fanOut100.row(mean(between, after)));
            table.add(after.row(null));
            table.add(paced1.row(null));
            table.add(paced100.row(null));
        } finally {
            bench.server.stop(0);
        }
        System.out.println();
        System.out.println("| run | deliveries | deliveries/s | of ceiling | p50 ms | p95 ms | p99 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        table.forEach(System.out::println);
        System.exit(0);
    }

    /**
     * The same client posting pre-signed bodies straight to the receiver: what dispatch could
     * reach. The bodies go to the same URLs as in the fan-out 1 run, one per account, so both post
     * the same requests.
     */
    private Result ceiling() throws InterruptedException {
        List<SignedDelivery> bodies = new ArrayList<>(DELIVERIES);
        for (int i = 0; i < DELIVERIES; i++) {
            String account = "acc_" + (i % ACCOUNTS);
            NormalizedEvent event = event(account, i);
            byte[] body = DeliveryPayload.of(event, "whk_ceiling").toBytes();
            bodies.add(SignedDelivery.sign(url(account + "/0"), body, "secret", event.event(), "dlv_" + i, 1));
        }
        Phase ceiling = start(new Phase(DELIVERIES, false));
        long[] roundTrips = new long[DELIVERIES];
        var next = new AtomicInteger();
        try (var client = new WebhookClient(new EndpointPolicy(true, true), Duration.ofSeconds(10),
                "MonitorFlow-Webhooks/bench", 512);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < CEILING_CONCURRENCY; t++) {
                threads.execute(() -> {
                    for (int i = next.getAndIncrement(); i < DELIVERIES; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        client.send(bodies.get(i));
                        roundTrips[i] = (System.nanoTime() - sent) / 1000;
                    }
                });
            }
        }
        return report("ceiling: same client, pre-signed bodies, " + CEILING_CONCURRENCY
                + " in flight, no Kafka (latency = round trip)", ceiling, roundTrips);
    }

    /** Drains a backlog written before the dispatch instance starts. */
    private Result drain(KafkaFixture kafka, int fanOut) throws InterruptedException {
        TopicNames topics = prepare(kafka, fanOut);
        int events = DELIVERIES / fanOut;
        for (int i = 0; i < events; i++) {
            kafka.publishAsync(topics, event("acc_" + (i % ACCOUNTS), i));
        }
        kafka.flush();

        Phase drain = start(new Phase(events * fanOut, false));
        DispatchNode node = startNode(kafka, topics);
        drain.await(Duration.ofMinutes(5));
        node.close();

        return report("throughput: dispatch drains a backlog, fan-out " + fanOut + " (" + ACCOUNTS
                + " accounts, " + events + " events)", drain, null);
    }

    /**
     * For a profiler attached to this JVM: warms up with two drains, then drains once more and
     * prints the wall-clock window of that drain, from its first receipt to its last.
     */
    private void profile(KafkaFixture kafka, int fanOut) throws InterruptedException {
        drain(kafka, fanOut);
        drain(kafka, fanOut);
        long offset = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        drain(kafka, fanOut);
        Phase measured = phase;
        System.out.printf(Locale.ROOT, "Profile window %s %s%n",
                Instant.ofEpochSecond(0, measured.firstNanos + offset), Instant.ofEpochSecond(0, measured.lastNanos + offset));
    }

    /** Writes events at a steady rate while the instance runs and measures their latency. */
    private Result paced(KafkaFixture kafka, int fanOut) throws InterruptedException {
        TopicNames topics = prepare(kafka, fanOut);
        DispatchNode node = startNode(kafka, topics);
        int eventsPerSecond = Math.max(1, PACED_RATE / fanOut);
        int events = eventsPerSecond * PACED_SECONDS;

        Phase paced = start(new Phase(events * fanOut, true));
        long started = System.nanoTime();
        for (int i = 0; i < events; i++) {
            long due = started + TimeUnit.SECONDS.toNanos(i) / eventsPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            kafka.publishAsync(topics, event("acc_" + (i % ACCOUNTS), i));
        }
        kafka.flush();
        paced.await(Duration.ofMinutes(2));
        node.close();

        return report("latency: " + eventsPerSecond * fanOut + " deliveries/s offered for " + PACED_SECONDS
                + " s, fan-out " + fanOut + " (latency = event createdAt to receipt)", paced, paced.latencies());
    }

    private TopicNames prepare(KafkaFixture kafka, int fanOut) {
        TopicNames topics = KafkaFixture.topics("bench" + (++runs) + ".");
        kafka.createTopics(topics);
        for (int a = 0; a < ACCOUNTS; a++) {
            for (int w = 0; w < fanOut; w++) {
                kafka.publish(topics, kafka.webhook("acc_" + a, url("acc_" + a + "/" + w), "secret-" + w,
                        WebhookStatus.ACTIVE, EventCategory.SALE));
            }
        }
        return topics;
    }

    private DispatchNode startNode(KafkaFixture kafka, TopicNames topics) throws InterruptedException {
        var properties = DispatchProperties.defaults().withGroupId("bench-" + runs);
        DispatchNode node = kafka.startNode(topics, properties, new EndpointPolicy(true, true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (node.assignedPartitions() == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return node;
    }

    private Phase start(Phase next) {
        phase = next;
        return next;
    }

    private static NormalizedEvent event(String account, int n) {
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("orderId", "ord_" + n);
        data.put("customer", "Zoë Ångström");
        data.put("amount", new BigDecimal("129.90"));
        data.put("currency", "EUR");
        data.put("note", "x".repeat(800));
        return new NormalizedEvent(Ids.newEventId(Clock.systemUTC()), account, "sale.created", Instant.now(), data);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    private static Result report(String name, Phase phase, long @Nullable [] micros) {
        var result = new Result(name, phase.count(), phase.throughput(), micros == null ? null : sorted(micros));
        System.out.println(result.row(null));
        return result;
    }

    private static long[] sorted(long[] micros) {
        long[] copy = micros.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double mean(Result first, Result second) {
        return (first.perSecond() + second.perSecond()) / 2;
    }

    /** What the receiver sees during one run. */
    private static final class Phase {

        private final int expected;
        private final boolean measuresLatency;
        private final long[] latencyMicros;
        private final AtomicInteger received = new AtomicInteger();
        private final long createdNanos = System.nanoTime();
        private volatile long firstNanos;
        private volatile long lastNanos;

        Phase(int expected, boolean measuresLatency) {
            this.expected = expected;
            this.measuresLatency = measuresLatency;
            this.latencyMicros = new long[measuresLatency ? expected : 0];
        }

        void received(byte[] body, long nowNanos) {
            int index = received.getAndIncrement();
            if (index == 0) {
                firstNanos = nowNanos;
            }
            if (measuresLatency && index < expected) {
                latencyMicros[index] = Duration.between(createdAt(body), Instant.now()).toNanos() / 1000;
            }
            lastNanos = nowNanos;
        }

        void await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received.get() < expected && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            if (received.get() < expected) {
                System.out.printf(Locale.ROOT, "Only %d of %d deliveries arrived%n", received.get(), expected);
            }
        }

        int count() {
            return Math.min(received.get(), expected);
        }

        /** Deliveries per second from the start of the phase (ceiling, latency) or its first receipt. */
        double throughput() {
            int count = count();
            long from = measuresLatency || firstNanos == 0 ? createdNanos : firstNanos;
            return count / ((lastNanos - from) / 1e9);
        }

        long[] latencies() {
            return Arrays.copyOf(latencyMicros, Math.min(received.get(), expected));
        }

        private static Instant createdAt(byte[] body) {
            String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            int start = text.indexOf("\"createdAt\":\"") + 13;
            return Instant.parse(text.substring(start, text.indexOf('"', start)));
        }
    }

    private record Result(String name, int count, double perSecond, long @Nullable [] sortedMicros) {

        String row(@Nullable Double ceiling) {
            String share = ceiling == null ? "" : String.format(Locale.ROOT, "%.2f", perSecond / ceiling);
            String latency = sortedMicros == null ? " | | | |" : String.format(Locale.ROOT, "%.1f | %.1f | %.1f | %.1f |",
                    pct(0.50), pct(0.95), pct(0.99), pct(1.0));
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s", name, count, perSecond, share, latency);
        }

        private double pct(double p) {
            long[] sorted = sortedMicros;
            if (sorted == null || sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }
}
