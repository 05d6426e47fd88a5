package com.monitorflow.webhooks.dispatch.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.monitorflow.webhooks.dispatch.signing.SignedDelivery;
import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.DeliveryHeaders;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * POSTs signed deliveries. One client is shared by every delivery so that keep-alive connections
 * to each receiver are reused. A single call timeout bounds the whole attempt (connect, TLS, the
 * request, the response headers and the excerpt of the body), so an endpoint that accepts and
 * never answers, or answers a byte at a time, cannot hold an attempt beyond it. Redirects are
 * never followed and failed connections are never retried silently: each attempt is one request.
 *
 * <p>Keep-alive connections are spread over several connection pools, each webhook URL always
 * using the same one. OkHttp finds a free connection by walking its pool, so with one pool every
 * request would walk every connection to every endpoint; with {@value #POOLS} pools it walks a
 * sixteenth of them, and deliveries to one URL still reuse their connections.
 *
 * <p>{@link #send} blocks; callers run it on virtual threads.
 */
public final class WebhookClient implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    /** Connection pools the idle connections are spread over. */
    static final int POOLS = 16;

    private final OkHttpClient http;
    private final OkHttpClient[] pooled;
    private final EndpointPolicy policy;
    private final String userAgent;
    private final Duration timeout;
    private final BoundedDns dns;

    public WebhookClient(EndpointPolicy policy, Duration timeout, String userAgent, int maxIdleConnections) {
        this.policy = policy;
        this.userAgent = userAgent;
        this.timeout = timeout;
        this.dns = new BoundedDns(timeout);
        var dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);
        this.http = new OkHttpClient.Builder()
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .socketFactory(new GuardedSocketFactory(policy))
                .dns(dns)
                .dispatcher(dispatcher)
                .build();
        int pools = Math.max(1, Math.min(POOLS, maxIdleConnections));
        // URLs do not spread evenly over the pools, so each may keep twice its share: a pool that
        // holds a few more busy connections than the average does not close them when they idle.
        int idlePerPool = Math.max(1, 2 * maxIdleConnections / pools);
        this.pooled = new OkHttpClient[pools];
        for (int i = 0; i < pools; i++) {
            // newBuilder() shares the dispatcher, DNS and socket factory; only the pool differs.
            pooled[i] = http.newBuilder()
                    .connectionPool(new ConnectionPool(idlePerPool, 5, TimeUnit.MINUTES))
                    .build();
        }
    }

    /** Makes one attempt of {@code delivery} and says how it went; never throws for HTTP trouble. */
    public AttemptResponse send(SignedDelivery delivery) {
        long started = System.nanoTime();
        HttpUrl url = HttpUrl.parse(delivery.url());
        if (url == null) {
            return AttemptResponse.failed("The webhook URL is not a valid http(s) URL", 0);
        }
        if (!policy.allowsScheme(url.scheme())) {
            return AttemptResponse.failed("Only https URLs are delivered to", 0);
        }
        Call call = clientFor(delivery.url()).newCall(request(url, delivery));
        try (Response response = call.execute()) {
            return read(response, started);
        } catch (IOException e) {
            return AttemptResponse.failed(describe(e), millisSince(started));
        }
    }

    /** Ends every attempt now; used when this instance stops at once. */
    public void cancelAll() {
        http.dispatcher().cancelAll();
    }

    @Override
    public void close() {
        cancelAll();
        http.dispatcher().executorService().shutdown();
        for (OkHttpClient client : pooled) {
            client.connectionPool().evictAll();
        }
        dns.close();
    }

    /** Idle keep-alive connections across all pools. */
    public int idleConnections() {
        int idle = 0;
        for (OkHttpClient client : pooled) {
            idle += client.connectionPool().idleConnectionCount();
        }
        return idle;
    }

    private OkHttpClient clientFor(String url) {
        return pooled[Math.floorMod(url.hashCode(), pooled.length)];
    }

    private Request request(HttpUrl url, SignedDelivery delivery) {
        // A byte-array body keeps the exact bytes and its content type exactly "application/json":
        // OkHttp adds "; charset=utf-8" only to bodies it encodes from a String itself.
        return new Request.Builder()
                .url(url)
                .post(RequestBody.create(delivery.body(), JSON))
                .header("User-Agent", userAgent)
                .header(DeliveryHeaders.SIGNATURE, delivery.signature())
                .header(DeliveryHeaders.EVENT, delivery.event())
                .header(DeliveryHeaders.DELIVERY, delivery.deliveryId())
                .header(DeliveryHeaders.ATTEMPT, Integer.toString(delivery.attempt()))
                .build();
    }

    private AttemptResponse read(Response response, long started) {
        int status = response.code();
        String location = response.header("Location");
        String retryAfter = response.header("Retry-After");
        String excerpt = null;
        String error = null;
        try {
            excerpt = excerpt(response.body().source());
        } catch (IOException e) {
            error = "The response body did not arrive in full: " + describe(e);
        }
        return new AttemptResponse(status, location, retryAfter, excerpt, error, millisSince(started));
    }

    /**
     * Reads the body up to its end or up to the excerpt length, whichever comes first. A longer
     * body is not read on: closing the response then discards the connection instead.
     */
    private static @Nullable String excerpt(BufferedSource source) throws IOException {
        var buffer = new Buffer();
        long wanted = DeliveryAttempt.RESPONSE_EXCERPT_BYTES;
        while (wanted > 0) {
            long read = source.read(buffer, wanted);
            if (read == -1) {
                break;
            }
            wanted -= read;
        }
        return buffer.size() == 0 ? null : buffer.readString(StandardCharsets.UTF_8);
    }

    private String describe(IOException e) {
        ForbiddenAddressException refused = forbidden(e);
        if (refused != null) {
            return refused.getMessage();
        }
        if (e instanceof InterruptedIOException) {
            return "No complete answer within " + timeout.toMillis() + " ms";
        }
        if (e instanceof UnknownHostException) {
            return "The host could not be resolved: " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "The connection was refused or could not be opened";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static @Nullable ForbiddenAddressException forbidden(Throwable e) {
        if (e instanceof ForbiddenAddressException refused) {
            return refused;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (suppressed instanceof ForbiddenAddressException refused) {
                return refused;
            }
        }
        Throwable cause = e.getCause();
        return cause == null || cause == e ? null : forbidden(cause);
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
