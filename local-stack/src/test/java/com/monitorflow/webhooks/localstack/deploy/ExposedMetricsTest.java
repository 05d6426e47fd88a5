package com.monitorflow.webhooks.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The metrics an end-to-end run checks for are ones the services' sources register. */
class ExposedMetricsTest {

    @Test
    void everyExpectedMetricIsRegisteredBySomeService() {
        var exposed = ProjectFiles.locate().exposedMetricNames();

        assertThat(ExposedMetrics.AFTER_A_DELIVERY.keySet()).containsExactlyInAnyOrderElementsOf(ProjectFiles.SERVICES);
        ExposedMetrics.AFTER_A_DELIVERY.values().stream().flatMap(List::stream)
                .forEach(name -> assertThat(exposed).as(name).contains(name));
    }
}
