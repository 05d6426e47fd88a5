package com.monitorflow.webhooks.dispatch.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import okhttp3.Dns;

/**
 * System DNS with a bound. A lookup blocks in the resolver and cannot be interrupted, so the HTTP
 * client's call timeout alone would let a hanging name server stretch an attempt far beyond it;
 * here the lookup runs on its own virtual thread and the attempt stops waiting at the bound.
 */
final class BoundedDns implements Dns {

    private final ExecutorService lookups = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("dns-", 0).factory());
    private final Duration timeout;

    BoundedDns(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        Future<List<InetAddress>> answer = lookups.submit(() -> Dns.SYSTEM.lookup(hostname));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new UnknownHostException("No DNS answer for " + hostname + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException("DNS lookup of " + hostname + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException("DNS lookup of " + hostname + " was interrupted");
        }
    }

    void close() {
        lookups.shutdownNow();
    }
}
