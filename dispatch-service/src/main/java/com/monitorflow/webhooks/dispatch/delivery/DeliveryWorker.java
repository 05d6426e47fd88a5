package com.monitorflow.webhooks.dispatch.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.monitorflow.webhooks.dispatch.http.AttemptResponse;
import com.monitorflow.webhooks.dispatch.http.WebhookClient;
import com.monitorflow.webhooks.dispatch.signing.SignedDelivery;
import com.monitorflow.webhooks.dispatch.subscription.Subscription;
import com.monitorflow.webhooks.dispatch.subscription.SubscriptionView;
import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.model.Limits;
import com.monitorflow.webhooks.model.PendingDelivery;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Makes one attempt of a delivery on its own (virtual) thread: looks the webhook up as it is now,
 * signs the body with its current secret, POSTs it, frees the account's slot, records the outcome
 * and only then marks the record's delivery done so its offset can be committed.
 */
public final class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final SubscriptionView view;
    private final WebhookClient client;
    private final DeliveryRecorder recorder;
    private final AccountLanes lanes;
    private final DispatchMetrics metrics;
    private final Clock clock;
    private volatile boolean halted;

    public DeliveryWorker(SubscriptionView view, WebhookClient client, DeliveryRecorder recorder, AccountLanes lanes,
            DispatchMetrics metrics, Clock clock) {
        this.view = view;
        this.client = client;
        this.recorder = recorder;
        this.lanes = lanes;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs {@code job}; called on the job's own thread. */
    public void run(DeliveryJob job) {
        if (!job.progress().tryStart()) {
            lanes.release(job.accountId());
            return;
        }
        putContext(job);
        try {
            Outcome outcome;
            long started = System.nanoTime();
            try {
                outcome = attempt(job);
            } finally {
                lanes.release(job.accountId(), System.nanoTime() - started);
            }
            recorder.record(outcome.attempt(), outcome.retry());
            job.progress().complete(job.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.progress().abandon();
        } catch (RuntimeException e) {
            if (!halted) {
                log.error("The outcome of attempt {} was not recorded; the event is delivered again after a restart",
                        job.attempt(), e);
            }
            job.progress().abandon();
        } finally {
            MDC.clear();
        }
    }

    /**
     * Hands {@code job} to the first retry step without an attempt, because its account has more
     * queued than it can work off in time; it comes back after that step as the same attempt.
     * Called on a thread of its own; the job holds no slot of its account.
     */
    public void defer(DeliveryJob job) {
        if (!job.progress().tryStart()) {
            return;
        }
        putContext(job);
        try {
            log.debug("Attempt {} deferred: the account's queue is longer than it can work off in time",
                    job.attempt());
            metrics.deferred();
            recorder.defer(new PendingDelivery(job.deliveryId(), job.accountId(), job.webhookId(),
                    job.eventId(), job.event(), job.attempt() - 1, null, null, null, null, job.body()));
            job.progress().complete(job.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.progress().abandon();
        } catch (RuntimeException e) {
            if (!halted) {
                log.error("Deferring attempt {} was not recorded; the event is delivered again after a restart",
                        job.attempt(), e);
            }
            job.progress().abandon();
        } finally {
            MDC.clear();
        }
    }

    private static void putContext(DeliveryJob job) {
        MDC.put("accountId", job.accountId());
        MDC.put("webhookId", job.webhookId());
        MDC.put("eventId", job.eventId());
        MDC.put("deliveryId", job.deliveryId());
    }

    /** Stops recording outcomes at once; for an instance that dies. */
    public void halt() {
        halted = true;
    }

    private Outcome attempt(DeliveryJob job) {
        Instant startedAt = clock.instant();
        Optional<Subscription> webhook = view.find(job.webhookId());
        String cancelReason = cancelReason(job, webhook);
        if (cancelReason != null) {
            log.info("Delivery cancelled: {}", cancelReason);
            metrics.attempted(DeliveryState.CANCELLED, null, 0);
            return new Outcome(attemptRecord(job, startedAt, null, DeliveryState.CANCELLED, cancelReason,
                    payloadOf(job, null)), null);
        }

        Subscription subscription = webhook.orElseThrow();
        byte[] body = job.body();
        var signed = SignedDelivery.sign(subscription.url(), body, subscription.secret(), job.event(),
                job.deliveryId(), job.attempt());
        AttemptResponse response = client.send(signed);

        DeliveryState state = stateOf(response, job.attempt());
        if (halted) {
            throw new IllegalStateException("Halted during the attempt");
        }
        metrics.attempted(state, response.status(), response.durationMillis());
        logOutcome(job, response, state);
        if (state == DeliveryState.SUCCEEDED && job.source() != null) {
            metrics.delivered(Duration.between(job.source().bodies().createdAt(), clock.instant()));
        }
        if (state == DeliveryState.GONE) {
            view.markGone(job.webhookId());
        }
        PendingDelivery retry = null;
        if (state == DeliveryState.RETRYING || state == DeliveryState.FAILED) {
            Instant failedAt = clock.instant();
            retry = new PendingDelivery(job.deliveryId(), job.accountId(), job.webhookId(), job.eventId(),
                    job.event(), job.attempt(), failedAt,
                    RetryAfter.notBefore(response.status(), response.retryAfter(), failedAt),
                    response.status(), lastError(response), body);
        }
        return new Outcome(attemptRecord(job, startedAt, response, state, errorOf(response), payloadOf(job, body)),
                retry);
    }

    private static @Nullable String cancelReason(DeliveryJob job, Optional<Subscription> webhook) {
        if (webhook.isEmpty()) {
            return "The webhook no longer exists";
        }
        Subscription subscription = webhook.get();
        if (!subscription.accountId().equals(job.accountId())) {
            return "The webhook belongs to another account";
        }
        if (!subscription.active()) {
            return "The webhook is inactive";
        }
        if (job.source() != null && !subscription.receives(job.source().category())) {
            return "The webhook no longer subscribes to this event category";
        }
        return null;
    }

    private static DeliveryState stateOf(AttemptResponse response, int attempt) {
        if (response.succeeded()) {
            return DeliveryState.SUCCEEDED;
        }
        if (response.status() != null && response.status() == 410) {
            return DeliveryState.GONE;
        }
        return attempt <= Limits.MAX_RETRIES ? DeliveryState.RETRYING : DeliveryState.FAILED;
    }

    private static @Nullable String errorOf(AttemptResponse response) {
        if (response.error() != null) {
            return response.error();
        }
        Integer status = response.status();
        if (status != null && status == 410) {
            return "The endpoint answered 410 Gone; the webhook is made inactive";
        }
        if (status != null && status >= 300 && status < 400) {
            return response.location() == null
                    ? "Redirect without Location; redirects are not followed"
                    : "Redirect to " + response.location() + " not followed";
        }
        return null;
    }

    private static String lastError(AttemptResponse response) {
        String error = errorOf(response);
        return error != null ? error : "HTTP " + response.status();
    }

    private static @Nullable String payloadOf(DeliveryJob job, byte @Nullable [] body) {
        if (job.attempt() != 1) {
            return null;
        }
        return new String(body != null ? body : job.body(), StandardCharsets.UTF_8);
    }

    private static DeliveryAttempt attemptRecord(DeliveryJob job, Instant startedAt, @Nullable AttemptResponse response,
            DeliveryState state, @Nullable String error, @Nullable String payload) {
        return new DeliveryAttempt(job.deliveryId(), job.accountId(), job.webhookId(), job.eventId(), job.event(),
                job.attempt(), startedAt, response == null ? 0 : response.durationMillis(),
                response == null ? null : response.status(), error,
                response == null ? null : response.location(),
                response == null ? null : response.excerpt(), state, payload);
    }

    private static void logOutcome(DeliveryJob job, AttemptResponse response, DeliveryState state) {
        switch (state) {
            case SUCCEEDED -> log.debug("Attempt {} delivered with {} in {} ms", job.attempt(), response.status(),
                    response.durationMillis());
            case GONE -> log.warn("Endpoint answered 410 Gone; the webhook is treated as inactive from now on");
            case FAILED -> log.error("Attempt {} failed ({}); retries are exhausted and the delivery is dead-lettered",
                    job.attempt(), lastError(response));
            default -> log.info("Attempt {} failed ({}, status {}, location {}); a retry is scheduled", job.attempt(),
                    lastError(response), response.status(), response.location());
        }
    }

    private record Outcome(DeliveryAttempt attempt, @Nullable PendingDelivery retry) {
    }
}
