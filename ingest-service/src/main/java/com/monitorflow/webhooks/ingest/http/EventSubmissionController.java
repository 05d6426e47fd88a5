package com.monitorflow.webhooks.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.monitorflow.webhooks.ingest.metrics.IngestMetrics;
import com.monitorflow.webhooks.ingest.metrics.IngestTally;
import com.monitorflow.webhooks.ingest.routing.EventRouter;
import com.monitorflow.webhooks.ingest.validation.InboundEventValidator;
import com.monitorflow.webhooks.ingest.validation.Rejection;
import com.monitorflow.webhooks.ingest.validation.RejectionCode;
import com.monitorflow.webhooks.ingest.validation.ValidationResult.Accepted;
import com.monitorflow.webhooks.ingest.validation.ValidationResult.Rejected;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events}: submits one inbound event over HTTP. The body is validated exactly like a
 * record of {@code events.inbound}; a valid event is committed to its category topic before the
 * answer, 202 with the event id. An invalid one is answered with an RFC 9457 problem whose
 * {@code code} member is the rejection code; it is not written to {@code events.rejected}, since
 * the caller is told directly.
 *
 * <p>The endpoint is closed (403) until {@code monitorflow.ingest.http.api-key} is set, so a
 * deployment never accepts events from anyone who merely reaches the port.
 *
 * <p>Limitation: there is no per-account authorization. Every holder of the one ingest key can
 * submit events for any account, so the key belongs to trusted upstream producers only.
 */
@RestController
public class EventSubmissionController {

    static final URI REJECTED_TYPE = URI.create("urn:monitorflow:problem:event-rejected");
    static final URI UNAUTHORIZED_TYPE = URI.create("urn:monitorflow:problem:unauthorized");
    static final URI UNAVAILABLE_TYPE = URI.create("urn:monitorflow:problem:unavailable");

    private static final Logger log = LoggerFactory.getLogger(EventSubmissionController.class);

    private final InboundEventValidator validator;
    private final EventRouter router;
    private final KafkaTemplate<byte[], byte[]> template;
    private final IngestMetrics metrics;
    private final IngestHttpProperties properties;

    public EventSubmissionController(InboundEventValidator validator, EventRouter router,
            KafkaTemplate<byte[], byte[]> template, IngestMetrics metrics, IngestHttpProperties properties) {
        this.validator = validator;
        this.router = router;
        this.template = template;
        this.metrics = metrics;
        this.properties = properties;
    }

    @PostMapping("/v1/events")
    public ResponseEntity<?> submit(HttpServletRequest request,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization)
            throws IOException {
        if (!enabled()) {
            return problem(HttpStatus.FORBIDDEN, UNAUTHORIZED_TYPE, "HTTP intake disabled",
                    "Submitting events over HTTP is disabled until an ingest key is configured "
                            + "(monitorflow.ingest.http.api-key); write to events.inbound instead.", Map.of());
        }
        if (!isAuthorized(authorization)) {
            return problem(HttpStatus.UNAUTHORIZED, UNAUTHORIZED_TYPE, "Unauthorized",
                    "A valid ingest key is required as a Bearer token.", Map.of());
        }

        byte[] body = readBody(request.getInputStream());
        if (body.length > properties.maxBodyBytes()) {
            return rejected(new Rejection(RejectionCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + properties.maxBodyBytes() + " bytes."));
        }

        return switch (validator.validate(body)) {
            case Rejected rejected -> rejected(rejected.rejection());
            case Accepted accepted -> publish(accepted);
        };
    }

    private ResponseEntity<?> publish(Accepted accepted) {
        try (var ignored = MDC.putCloseable("eventId", accepted.event().id());
             var ignored2 = MDC.putCloseable("accountId", accepted.event().accountId())) {
            template.executeInTransaction(operations -> operations.send(router.toCategoryTopic(accepted)))
                    .get(properties.sendTimeoutMillis(), TimeUnit.MILLISECONDS);
            var tally = new IngestTally();
            tally.accepted(accepted.category());
            metrics.record(tally);
            log.debug("Accepted event over HTTP");
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", accepted.event().id()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        } catch (Exception e) {
            log.warn("Could not write an event submitted over HTTP; the caller is told to retry", e);
            return unavailable();
        }
    }

    private ResponseEntity<ProblemDetail> rejected(Rejection rejection) {
        var tally = new IngestTally();
        tally.rejected(rejection.code());
        metrics.record(tally);
        return problem(HttpStatus.valueOf(rejection.code().httpStatus()), REJECTED_TYPE, "Event rejected",
                rejection.reason(), Map.of("code", rejection.code().name()));
    }

    private ResponseEntity<ProblemDetail> unavailable() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE_TYPE, "Event not stored",
                "The event could not be stored; retry later.", Map.of());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String title,
            String detail, Map<String, Object> members) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        members.forEach(problem::setProperty);
        return ResponseEntity.status(status).body(problem);
    }

    private boolean enabled() {
        String apiKey = properties.apiKey();
        return apiKey != null && !apiKey.isBlank();
    }

    private boolean isAuthorized(@Nullable String authorization) {
        String apiKey = java.util.Objects.requireNonNull(properties.apiKey());
        String expected = "Bearer " + apiKey;
        return authorization != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** At most one byte more than the limit, so an oversized body is detected without reading it all. */
    private byte[] readBody(InputStream in) throws IOException {
        return in.readNBytes(properties.maxBodyBytes() + 1);
    }
}
