package com.monitorflow.webhooks.registry.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

/** A 400 listing every field of the request that is invalid and why. */
public final class InvalidRequestException extends ApiException {

    private final List<FieldProblem> problems;

    public InvalidRequestException(List<FieldProblem> problems) {
        super(HttpStatus.BAD_REQUEST, "Invalid request", describe(problems), Map.of("errors", List.copyOf(problems)));
        this.problems = List.copyOf(problems);
    }

    public static InvalidRequestException of(String field, String reason) {
        return new InvalidRequestException(List.of(new FieldProblem(field, reason)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    private static String describe(List<FieldProblem> problems) {
        return problems.stream().map(p -> p.field() + ": " + p.reason()).collect(Collectors.joining("; "));
    }
}
