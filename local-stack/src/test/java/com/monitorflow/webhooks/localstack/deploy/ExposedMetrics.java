package com.monitorflow.webhooks.localstack.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operations metrics each service must show on {@code /actuator/prometheus} once an
 * end-to-end run has delivered events successfully, for an end-to-end test to check with
 * {@link #missingFrom}. Meters that only appear on rarer paths (dead letters, forwarded
 * retries, rejected events aside from their zero series) are left out on purpose.
 */
public final class ExposedMetrics {

    /** Metric names per service, as Prometheus shows them. */
    public static final Map<String, List<String>> AFTER_A_DELIVERY = Map.of(
            "registry-service", List.of("monitorflow_consumer_lag_records", "monitorflow_consumer_lag_seconds",
                    "monitorflow_consumer_waiting_records", "monitorflow_consumer_group_members"),
            "ingest-service", List.of("monitorflow_ingest_events_accepted_total",
                    "monitorflow_ingest_events_rejected_total"),
            "dispatch-service", List.of("monitorflow_dispatch_attempts_total",
                    "monitorflow_dispatch_attempt_duration_seconds_bucket",
                    "monitorflow_dispatch_end_to_end_seconds_bucket", "monitorflow_dispatch_in_flight",
                    "monitorflow_dispatch_queued"),
            "retry-service", List.of("monitorflow_retry_waiting_records",
                    "monitorflow_retry_oldest_waiting_age_seconds"));

    private ExposedMetrics() {
    }

    /** The names of {@link #AFTER_A_DELIVERY} for {@code service} that {@code baseUrl} does not show. */
    public static List<String> missingFrom(String service, String baseUrl) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build();
        String scrape = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        List<String> series = scrape.lines().filter(line -> !line.startsWith("#")).toList();
        return AFTER_A_DELIVERY.get(service).stream()
                .filter(name -> series.stream().noneMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " ")))
                .toList();
    }
}
