package com.monitorflow.webhooks.registry.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.monitorflow.webhooks.registry.IntegrationTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/** The lag view as the registry serves it: admin-key JSON endpoint and Prometheus gauges. */
class ConsumerLagEndpointIT extends IntegrationTestSupport {

    @Autowired
    private ConsumerLagMetrics metrics;

    @Test
    void consumerLagTakesOnlyTheAdminKey() {
        TestAccount account = newAccount("FREE");

        assertThat(call("GET", "/v1/admin/consumer-lag", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/v1/admin/consumer-lag", "not-the-admin-key", null).status()).isEqualTo(401);
        assertThat(call("GET", "/v1/admin/consumer-lag", account.apiKey(), null).status()).isEqualTo(403);
        assertThat(call("GET", "/v1/admin/consumer-lag", ADMIN_KEY, null).status()).isEqualTo(200);
    }

    @Test
    void consumerLagListsEveryWatchedGroupEvenWithoutMembers() {
        Answer answer = call("GET", "/v1/admin/consumer-lag", ADMIN_KEY, null);

        assertThat(answer.status()).isEqualTo(200);
        List<String> groups = new ArrayList<>();
        for (JsonNode group : answer.json().get("groups")) {
            groups.add(group.get("groupId").asString());
            assertThat(group.has("members")).isTrue();
            assertThat(group.has("totalLag")).isTrue();
            assertThat(group.has("totalWaiting")).isTrue();
            assertThat(group.get("partitions").isArray()).isTrue();
        }
        assertThat(groups).containsExactly("ingest", "dispatch-service", "monitorflow-retry", "registry-service");
        assertThat(answer.json().get("groups").get(0).get("members").asInt()).isZero();
    }

    @Test
    void gaugesArePublishedOnThePrometheusEndpoint() throws Exception {
        assertThat(metrics.refresh()).isTrue();

        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build();
        String scrape = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();

        assertThat(scrape).contains("monitorflow_consumer_group_members{group=\"ingest\"")
                .contains("monitorflow_consumer_group_members{group=\"monitorflow-retry\"");
    }
}
