package com.monitorflow.webhooks.ingest.http;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Gives the answers Spring MVC makes on its own the RFC 9457 form {@code POST /v1/events} uses: an
 * unknown path (404), a method the path does not take (405, with {@code Allow}) and any unexpected
 * failure (500). Spring's problem is kept, with its {@code type} named for the status, such as
 * {@code urn:monitorflow:problem:not-found}; the 404 detail points to the one endpoint there is.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final String TYPE_PREFIX = "urn:monitorflow:problem:";

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> onUnexpected(Exception e) {
        log.warn("Request failed unexpectedly; it is answered with 500", e);
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                "The request failed on our side; it is safe to retry.");
        problem.setType(typeOf(status));
        return ResponseEntity.status(status).body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Spring's detail speaks of a static resource, which this service never serves.
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                "Nothing is served at this path; events are submitted with POST /v1/events.");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && isUntyped(problem)) {
            problem.setType(typeOf(status));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** Spring leaves the type unset, which RFC 9457 reads as {@code about:blank}. */
    private static boolean isUntyped(ProblemDetail problem) {
        return problem.getType() == null || ABOUT_BLANK.equals(problem.getType());
    }

    /** The prefix and the status name in lower kebab case, such as {@code not-found}. */
    private static URI typeOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return URI.create(TYPE_PREFIX + "status-" + status.value());
        }
        return URI.create(TYPE_PREFIX + known.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
