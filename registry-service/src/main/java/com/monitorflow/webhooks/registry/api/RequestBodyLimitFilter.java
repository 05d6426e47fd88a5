package com.monitorflow.webhooks.registry.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a {@code /v1} request body larger than {@link #MAX_BODY_BYTES} with a 413 problem before
 * it is read to the end. Without a bound the JSON reader would take in any body, however large,
 * before the field checks could refuse it. 1 MB holds every valid request many times over.
 *
 * <p>A declared {@code Content-Length} is checked before anything is read; a chunked body is
 * counted while it is read and the reading stops at the first byte over the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
final class RequestBodyLimitFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            ProblemResponses.write(request, response, refusal().toProblem());
            return;
        }
        chain.doFilter(new LimitedBodyRequest(request), response);
    }

    /** The 413 that every oversized body gets, whether its length was declared or counted. */
    static ApiException refusal() {
        FieldProblem problem = new FieldProblem("body", "is larger than 1 MB");
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Content too large",
                problem.field() + ": " + problem.reason(), Map.of("errors", List.of(problem)));
    }

    /** Whether {@code failure} or one of its causes is a body that went over the limit. */
    static boolean isTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /** Thrown by the counting stream; the JSON reader wraps it, {@link ProblemHandler} finds it again. */
    static final class BodyTooLargeException extends IOException {

        BodyTooLargeException() {
            super("The request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
    }

    private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

        private @Nullable ServletInputStream body;

        LimitedBodyRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CountingInputStream(super.getInputStream());
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8
                    : Charset.forName(encoding, StandardCharsets.UTF_8);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private long read;

        CountingInputStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int bytes) throws BodyTooLargeException {
            read += bytes;
            if (read > MAX_BODY_BYTES) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
