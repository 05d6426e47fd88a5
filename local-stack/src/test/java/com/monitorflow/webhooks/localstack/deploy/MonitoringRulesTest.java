package com.monitorflow.webhooks.localstack.deploy;

import static com.monitorflow.webhooks.localstack.deploy.ComposeFileTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.monitorflow.webhooks.model.Json;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Alert rules, the dashboard and the KEDA queries use only metrics the services expose. */
class MonitoringRulesTest {

    private static final Pattern METRIC = Pattern.compile("\\bmonitorflow_[a-z0-9_]+");

    private final ProjectFiles project = ProjectFiles.locate();

    @Test
    void theLagGaugesAndTheDeliveryMetricsAreFoundInTheSources() {
        assertThat(project.exposedMetricNames()).contains("monitorflow_consumer_lag_records",
                "monitorflow_consumer_lag_seconds", "monitorflow_consumer_group_members",
                "monitorflow_dispatch_attempts_total", "monitorflow_retry_dead_letters_total");
    }

    @Test
    void alertRulesReferenceOnlyExposedMetrics() {
        Set<String> exposed = project.exposedMetricNames();
        List<String> expressions = alertExpressions(project.yaml("deploy/prometheus/alerts.yml"));

        assertThat(expressions).hasSizeGreaterThanOrEqualTo(4);
        for (String expression : expressions) {
            assertThat(metricsIn(expression)).as(expression).isNotEmpty().allMatch(exposed::contains,
                    "is exposed by a service");
        }
    }

    @Test
    void alertRulesCoverLagDeadLettersSuccessRateAndEmptyGroups() {
        List<String> alerts = new ArrayList<>();
        for (Object group : (List<?>) project.yaml("deploy/prometheus/alerts.yml").get("groups")) {
            for (Object rule : (List<?>) map(group).get("rules")) {
                alerts.add(map(rule).get("alert").toString());
            }
        }

        assertThat(alerts).containsExactlyInAnyOrder("MonitorFlowConsumerLagGrowing", "MonitorFlowDeadLetter",
                "MonitorFlowDeliverySuccessRateLow", "MonitorFlowConsumerGroupWithoutMembers");
    }

    @Test
    void prometheusRuleForTheOperatorHoldsTheSameRules() {
        Map<String, Object> standalone = project.yaml("deploy/prometheus/alerts.yml");
        Map<String, Object> operator = project.yaml("deploy/base/prometheus-rules.yaml");

        assertThat(operator.get("kind")).isEqualTo("PrometheusRule");
        assertThat(map(operator.get("spec")).get("groups")).isEqualTo(standalone.get("groups"));
    }

    @Test
    void dashboardQueriesReferenceOnlyExposedMetrics() {
        Set<String> exposed = project.exposedMetricNames();
        JsonNode dashboard = Json.mapper().readTree(project.read("deploy/grafana/dashboards/monitorflow-webhooks.json"));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }

        assertThat(expressions).isNotEmpty();
        for (String expression : expressions) {
            assertThat(metricsIn(expression)).as(expression).isNotEmpty().allMatch(exposed::contains,
                    "is exposed by a service");
        }
    }

    @Test
    void kedaPrometheusQueriesReferenceOnlyExposedMetrics() {
        Set<String> exposed = project.exposedMetricNames();
        String scaledObjects = project.read("deploy/base/keda-scaledobjects.yaml");

        assertThat(metricsIn(scaledObjects)).isNotEmpty().allMatch(exposed::contains, "is exposed by a service");
    }

    private static Set<String> metricsIn(String expression) {
        Set<String> metrics = new LinkedHashSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            metrics.add(matcher.group());
        }
        return metrics;
    }

    private static List<String> alertExpressions(Map<String, Object> rules) {
        List<String> expressions = new ArrayList<>();
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) map(group).get("rules")) {
                expressions.add(map(rule).get("expr").toString());
            }
        }
        return expressions;
    }
}
