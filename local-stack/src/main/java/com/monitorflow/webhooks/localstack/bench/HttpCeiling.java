package com.monitorflow.webhooks.localstack.bench;

import java.io.IOException;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

import com.monitorflow.webhooks.model.DeliveryHeaders;
import com.monitorflow.webhooks.model.WebhookSignature;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The receiver driven directly, without the system in between: OkHttp set up as dispatch sets it
 * up (keep-alive, a dispatcher and a pool far above the default 64 requests, 5 per host and 5 idle
 * connections, one call timeout), blocking calls on virtual threads, posting pre-signed 1 KB
 * bodies that the receiver verifies as it verifies deliveries.
 */
final class HttpCeiling implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int DISTINCT_BODIES = 256;

    private final OkHttpClient http;

    /**
     * @param rate requests/s at saturation
     * @param errors requests that failed or were not answered 200
     * @param idle one request's latency when requests are sent one at a time
     */
    record Result(double rate, long errors, Latency idle) {
    }

    HttpCeiling() {
        var dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);
        this.http = new OkHttpClient.Builder()
                .callTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .proxy(Proxy.NO_PROXY)
                .connectionPool(new ConnectionPool(512, 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher)
                .build();
    }

    /** Warms up, posts {@code requests} bodies with {@code concurrency} in flight, then measures idle latency. */
    Result measure(String url, String secret, int requests, int concurrency) throws InterruptedException {
        List<Request> prepared = prepare(url, secret);
        saturate(prepared, Math.max(requests / 10, 200), concurrency);
        var errors = new LongAdder();
        long started = System.nanoTime();
        saturate(prepared, requests, concurrency, errors);
        double rate = requests / ((System.nanoTime() - started) / 1e9);
        return new Result(rate, errors.sum(), idleLatency(prepared, Math.min(requests / 20, 2_000)));
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private void saturate(List<Request> prepared, int requests, int concurrency) throws InterruptedException {
        saturate(prepared, requests, concurrency, new LongAdder());
    }

    private void saturate(List<Request> prepared, int requests, int concurrency, LongAdder errors)
            throws InterruptedException {
        var next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofVirtual().name("bench-http-" + w).start(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    if (!post(prepared.get(i % prepared.size()))) {
                        errors.increment();
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private Latency idleLatency(List<Request> prepared, int requests) {
        var micros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            post(prepared.get(i % prepared.size()));
            micros.recordValue((System.nanoTime() - started) / 1_000);
        }
        return Latency.ofMicros(micros);
    }

    private boolean post(Request request) {
        try (Response response = http.newCall(request).execute()) {
            response.body().bytes();
            return response.code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Distinct pre-signed bodies of 1 KB shaped like deliveries, with a current createdAt. */
    private static List<Request> prepare(String url, String secret) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < DISTINCT_BODIES; i++) {
            byte[] body = EventLoad.deliveryShapedBody(i, Instant.now()).getBytes(StandardCharsets.UTF_8);
            requests.add(new Request.Builder()
                    .url(url)
                    .post(RequestBody.create(body, JSON))
                    .header(DeliveryHeaders.SIGNATURE, WebhookSignature.sign(body, secret))
                    .header(DeliveryHeaders.EVENT, "sale.created")
                    .header(DeliveryHeaders.DELIVERY, "dlv_ceiling_" + i)
                    .header(DeliveryHeaders.ATTEMPT, "1")
                    .build());
        }
        return requests;
    }
}

