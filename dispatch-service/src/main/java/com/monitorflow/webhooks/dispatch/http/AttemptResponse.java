package com.monitorflow.webhooks.dispatch.http;

import org.jspecify.annotations.Nullable;

/**
 * What one HTTP attempt came to.
 *
 * @param status the response status, or null when no response arrived
 * @param location the {@code Location} header of the response, or null
 * @param retryAfter the {@code Retry-After} header of the response, or null
 * @param excerpt the first kilobyte of the response body as UTF-8 text, or null
 * @param error why the attempt failed apart from its status, or null
 * @param durationMillis from the start of the attempt to its end
 */
public record AttemptResponse(
        @Nullable Integer status,
        @Nullable String location,
        @Nullable String retryAfter,
        @Nullable String excerpt,
        @Nullable String error,
        long durationMillis) {

    /** Whether the endpoint answered 2xx and the answer arrived in full. */
    public boolean succeeded() {
        return error == null && status != null && status >= 200 && status < 300;
    }

    /** A failure before any response arrived. */
    static AttemptResponse failed(String error, long durationMillis) {
        return new AttemptResponse(null, null, null, null, error, durationMillis);
    }
}
