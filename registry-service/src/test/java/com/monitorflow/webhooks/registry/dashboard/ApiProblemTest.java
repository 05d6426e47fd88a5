package com.monitorflow.webhooks.registry.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.monitorflow.webhooks.model.Json;

import org.junit.jupiter.api.Test;

class ApiProblemTest {

    @Test
    void reasonsAreKeyedByTheFormFieldTheyBelongTo() {
        var body = Json.mapper().readTree("""
                {"type":"about:blank","title":"Invalid request","status":400,"detail":"…",
                 "errors":[{"field":"url","reason":"must use https"},
                           {"field":"eventCategories[0]","reason":"'x' is not an event category"},
                           {"field":"eventCategories[2]","reason":"'y' is not an event category"}]}
                """);

        ApiProblem problem = ApiProblem.of(400, body);

        assertThat(problem.fieldErrors()).containsEntry("url", "must use https")
                .containsEntry("eventCategories", "'x' is not an event category; 'y' is not an event category");
        assertThat(problem.title()).isEqualTo("Invalid request");
    }

    @Test
    void aPlanLimitKeepsItsExtraMembers() {
        var body = Json.mapper().readTree("""
                {"title":"Plan limit reached","status":403,"detail":"The FREE plan allows 1 webhook",
                 "plan":"FREE","limit":1}
                """);

        ApiProblem problem = ApiProblem.of(403, body);

        assertThat(problem.detail()).isEqualTo("The FREE plan allows 1 webhook");
        assertThat(problem.member("plan")).isEqualTo("FREE");
        assertThat(problem.member("limit")).isEqualTo("1");
        assertThat(problem.fieldErrors()).isEmpty();
    }

    @Test
    void anAnswerThatIsNoProblemDocumentStillReads() {
        ApiProblem problem = ApiProblem.of(502, Json.mapper().createObjectNode());

        assertThat(problem.title()).isEqualTo("Request refused");
        assertThat(problem.detail()).isEqualTo("The registry answered 502");
    }
}
