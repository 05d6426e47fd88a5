package com.monitorflow.webhooks.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationsIT extends IntegrationTestSupport {

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
        assertThat(readiness.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(readiness.json().get("components").get("kafka").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void exposesPrometheusMetrics() {
        Answer metrics = call("GET", "/actuator/prometheus", null, null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }
}
