package com.monitorflow.webhooks.registry.dashboard;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the dashboard, bound from {@code monitorflow.dashboard.*}.
 *
 * @param apiBaseUrl where the dashboard reaches the REST API; by default the server itself at
 *     {@code http://127.0.0.1:<port it listens on>}. Set it when the server does not listen on the
 *     loopback interface over plain HTTP
 * @param apiTimeout how long one REST call of the dashboard may take, 10 seconds by default
 */
@ConfigurationProperties("monitorflow.dashboard")
public record DashboardProperties(@Nullable String apiBaseUrl, @Nullable Duration apiTimeout) {

    public DashboardProperties {
        if (apiBaseUrl != null && apiBaseUrl.isBlank()) {
            apiBaseUrl = null;
        }
        if (apiBaseUrl != null && apiBaseUrl.endsWith("/")) {
            apiBaseUrl = apiBaseUrl.substring(0, apiBaseUrl.length() - 1);
        }
        if (apiTimeout == null) {
            apiTimeout = Duration.ofSeconds(10);
        }
    }

    /** The timeout of one REST call, never null once bound. */
    public Duration requiredApiTimeout() {
        return java.util.Objects.requireNonNull(apiTimeout);
    }
}
