package com.monitorflow.webhooks.registry.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A refusal the API answers with an RFC 9457 problem: its status, a short title, a detail meant
 * for the person reading it, and extra members that a client can act on.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String title, String detail, Map<String, ?> properties) {
        super(detail);
        this.status = status;
        this.title = title;
        this.properties = Map.copyOf(new LinkedHashMap<>(properties));
    }

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    /** The problem document of this refusal. */
    public ProblemDetail toProblem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    public HttpStatus status() {
        return status;
    }

    /** A 404 for {@code what} ({@code webhook}, {@code account}...) with id {@code id}. */
    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", "No " + what + " with id '" + id + "'");
    }

    /** A 409: the request is valid but the current state does not allow it. */
    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    /** A 503: a dependency (the broker) did not take the request in time; retrying later is safe. */
    public static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail);
    }
}
