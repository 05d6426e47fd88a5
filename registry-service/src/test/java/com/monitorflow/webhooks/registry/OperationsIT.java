package com.monitorflow.webhooks.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;

class OperationsIT extends IntegrationTestSupport {

    @Autowired
    HealthEndpointGroups healthGroups;

    @Test
    void servesTheOpenApiDocumentAndItsUi() {
        Answer document = call("GET", "/v3/api-docs", null, null);
        Answer ui = call("GET", "/swagger-ui/index.html", null, null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("paths").has("/v1/webhooks")).isTrue();
        assertThat(document.json().get("paths").has("/v1/webhooks/{id}/deliveries")).isTrue();
        assertThat(document.json().get("paths").has("/v1/accounts/{id}")).isTrue();
        assertThat(document.json().get("components").get("securitySchemes").has("bearer")).isTrue();
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.raw().body()).contains("swagger");
    }

    @Test
    void readinessCoversTheDatabaseAndTheBroker() {
        Answer readiness = call("GET", "/actuator/health/readiness", null, null);

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(healthGroups.get("readiness").isMember("db")).isTrue();
        assertThat(healthGroups.get("readiness").isMember("kafka")).isTrue();
    }

    @Test
    void healthTellsAnAnonymousCallerTheStatusAndNoDetails() {
        Answer health = call("GET", "/actuator/health", null, null);
        Answer readiness = call("GET", "/actuator/health/readiness", null, null);

        for (Answer answer : List.of(health, readiness)) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("status").asString()).isEqualTo("UP");
            assertThat(answer.json().has("components")).isFalse();
            assertThat(answer.json().has("details")).isFalse();
            assertThat(answer.raw().body()).doesNotContainIgnoringCase("clusterId")
                    .doesNotContainIgnoringCase("PostgreSQL").doesNotContain("diskSpace");
        }
    }

    @Test
    void exposesPrometheusMetrics() {
        Answer metrics = call("GET", "/actuator/prometheus", null, null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }
}
