package com.monitorflow.webhooks.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ProblemHandlerTest {

    @Test
    void answersUnexpectedFailureWithInternalErrorProblem() {
        ResponseEntity<ProblemDetail> response = new ProblemHandler()
                .onUnexpected(new IllegalStateException("broken"));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getBody()).isNotNull();
        assertThat(response.getBody().getType())
                .isEqualTo(URI.create("urn:monitorflow:problem:internal-server-error"));
        assertThat(response.getBody().getDetail()).doesNotContain("broken");
    }
}
