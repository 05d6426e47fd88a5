package com.monitorflow.webhooks.registry.api;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every refusal into an RFC 9457 problem that names the field at fault and the reason,
 * including bodies that are not JSON, carry unknown fields or values of the wrong type.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> onApiException(ApiException e) {
        return ResponseEntity.status(e.status()).body(e.toProblem());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> onUnexpected(Exception e) {
        if (RequestBodyLimitFilter.isTooLarge(e)) {
            return onApiException(RequestBodyLimitFilter.refusal());
        }
        log.error("Request failed unexpectedly", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed on our side; it is safe to retry");
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestBodyLimitFilter.isTooLarge(e)) {
            ApiException tooLarge = RequestBodyLimitFilter.refusal();
            return ResponseEntity.status(tooLarge.status()).body(tooLarge.toProblem());
        }
        FieldProblem problem = describe(e);
        return invalid(new InvalidRequestException(List.of(problem)));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return invalid(InvalidRequestException.of(name == null ? "request" : name,
                "'" + e.getValue() + "' is not a valid " + expected));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return invalid(InvalidRequestException.of(e.getParameterName(), "is required"));
    }

    private static ResponseEntity<Object> invalid(InvalidRequestException e) {
        return ResponseEntity.badRequest().body(e.toProblem());
    }

    private static FieldProblem describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JacksonException json && json.getPath().isEmpty()) {
            return new FieldProblem("body", describeBody(json));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new FieldProblem(path(unknown), "is not a known field");
        }
        if (cause instanceof ValueInstantiationException invalid) {
            Throwable reason = invalid.getCause() == null ? invalid : invalid.getCause();
            return new FieldProblem(path(invalid), String.valueOf(reason.getMessage()));
        }
        if (cause instanceof InvalidFormatException format) {
            return new FieldProblem(path(format), "'" + format.getValue() + "' is not "
                    + typeName(format.getTargetType()));
        }
        if (cause instanceof MismatchedInputException mismatch) {
            return new FieldProblem(path(mismatch), "must be " + typeName(mismatch.getTargetType()));
        }
        if (cause instanceof JacksonException json) {
            return new FieldProblem(path(json), "is not valid JSON");
        }
        return new FieldProblem("body", "is missing or not valid JSON");
    }

    /**
     * Why the body as a whole could not be read, in words that name no class or parser setting:
     * the parser's own messages do, and they are not the client's business.
     */
    private static String describeBody(JacksonException e) {
        if (isAfterTheFirstValue(e)) {
            return "has content after the JSON object";
        }
        // Jackson marks every limit of the reader with the same exception; only its message says which.
        if (e instanceof StreamConstraintsException && String.valueOf(e.getOriginalMessage()).contains("nesting")) {
            return "is nested too deeply";
        }
        if (e instanceof MismatchedInputException) {
            return "must be a JSON object";
        }
        return "is not valid JSON";
    }

    /** Whether the parser had finished one value at the top level and found more after it. */
    private static boolean isAfterTheFirstValue(JacksonException e) {
        if (!(e.processor() instanceof JsonParser parser)) {
            return false;
        }
        TokenStreamContext context = parser.streamReadContext();
        while (context.getParent() != null) {
            context = context.getParent();
        }
        return context.getCurrentIndex() > 0;
    }

    private static String path(JacksonException e) {
        var out = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static String typeName(@Nullable Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a " + type.getSimpleName();
    }
}
