package com.monitorflow.webhooks.registry.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.monitorflow.webhooks.model.Json;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Writes a problem document from a filter, where the controllers' exception handling does not reach. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    /** Answers {@code request} with {@code problem}, its extra members beside the standard ones. */
    static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        document.put("title", problem.getTitle());
        document.put("status", problem.getStatus());
        document.put("detail", problem.getDetail());
        document.put("instance", request.getRequestURI());
        if (problem.getProperties() != null) {
            document.putAll(problem.getProperties());
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(Json.mapper().writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
    }
}
