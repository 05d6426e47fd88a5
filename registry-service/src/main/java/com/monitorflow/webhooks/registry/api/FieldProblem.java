package com.monitorflow.webhooks.registry.api;

/**
 * One reason a request was refused, naming the JSON field or query parameter at fault.
 *
 * @param field the field, such as {@code url} or {@code eventCategories[1]}
 * @param reason what is wrong with it, in words a developer can act on
 */
public record FieldProblem(String field, String reason) {
}
