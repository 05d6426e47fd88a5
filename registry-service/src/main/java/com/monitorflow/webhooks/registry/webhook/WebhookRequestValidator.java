package com.monitorflow.webhooks.registry.webhook;

import java.util.ArrayList;
import java.util.List;

import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.registry.api.FieldProblem;
import com.monitorflow.webhooks.registry.api.InvalidRequestException;
import com.monitorflow.webhooks.registry.api.TextFieldRules;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Checks the fields of webhook requests and collects every problem, so one answer lists them all. */
@Component
final class WebhookRequestValidator {

    static final int MAX_DESCRIPTION_LENGTH = 500;

    private final EndpointUrlPolicy urlPolicy;

    WebhookRequestValidator(EndpointUrlPolicy urlPolicy) {
        this.urlPolicy = urlPolicy;
    }

    /**
     * The checked fields of a webhook draft. A null field is left unchanged, except a description
     * that the change set to null, which clears it.
     */
    record Checked(@Nullable String name, @Nullable String url, @Nullable String description,
            @Nullable List<EventCategory> eventCategories) {
    }

    Checked check(@Nullable String name, @Nullable String url, @Nullable String description,
            @Nullable List<@Nullable String> categories, boolean creating) {
        return check(name, url, description, categories, creating, new ArrayList<>());
    }

    /**
     * Checks a change. Null is refused on every field a webhook cannot lack; on the description it
     * clears it, which the caller reads from {@link WebhookRequests.Update#has}.
     */
    Checked checkChange(WebhookRequests.Update change) {
        List<FieldProblem> problems = new ArrayList<>();
        for (String field : change.nullFields()) {
            if (!field.equals("description")) {
                problems.add(new FieldProblem(field, "must not be null"));
            }
        }
        return check(change.name(), change.url(), change.description(), change.eventCategories(), false,
                problems);
    }

    private Checked check(@Nullable String name, @Nullable String url, @Nullable String description,
            @Nullable List<@Nullable String> categories, boolean creating, List<FieldProblem> problems) {
        String checkedName = checkName(name, creating, problems);
        String checkedUrl = checkUrl(url, creating, problems);
        String checkedDescription = checkDescription(description, problems);
        List<EventCategory> checkedCategories = checkCategories(categories, creating, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new Checked(checkedName, checkedUrl, checkedDescription, checkedCategories);
    }

    private static @Nullable String checkName(@Nullable String name, boolean required, List<FieldProblem> problems) {
        if (name == null) {
            if (required) {
                problems.add(new FieldProblem("name", "is required"));
            }
            return null;
        }
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            problems.add(new FieldProblem("name", "must not be blank"));
        } else if (stripped.codePointCount(0, stripped.length()) > Webhook.MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("name", "must be at most " + Webhook.MAX_NAME_LENGTH + " characters"));
        } else {
            TextFieldRules.nameProblem(stripped).ifPresent(reason -> problems.add(new FieldProblem("name", reason)));
        }
        return stripped;
    }

    private @Nullable String checkUrl(@Nullable String url, boolean required, List<FieldProblem> problems) {
        if (url == null) {
            if (required) {
                problems.add(new FieldProblem("url", "is required"));
            }
            return null;
        }
        try {
            return urlPolicy.normalize("url", url.strip());
        } catch (InvalidRequestException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static @Nullable String checkDescription(@Nullable String description, List<FieldProblem> problems) {
        if (description == null) {
            return null;
        }
        String stripped = description.strip();
        if (stripped.codePointCount(0, stripped.length()) > MAX_DESCRIPTION_LENGTH) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        } else {
            TextFieldRules.descriptionProblem(stripped)
                    .ifPresent(reason -> problems.add(new FieldProblem("description", reason)));
        }
        return stripped;
    }

    private static @Nullable List<EventCategory> checkCategories(@Nullable List<@Nullable String> categories,
            boolean required, List<FieldProblem> problems) {
        if (categories == null) {
            if (required) {
                problems.add(new FieldProblem("eventCategories", "is required"));
            }
            return null;
        }
        if (categories.isEmpty()) {
            problems.add(new FieldProblem("eventCategories", "must name at least one of sqs, sale, question"));
            return null;
        }
        List<EventCategory> checked = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            String name = categories.get(i);
            var category = name == null ? java.util.Optional.<EventCategory>empty() : EventCategory.fromWireName(name);
            if (category.isEmpty()) {
                problems.add(new FieldProblem("eventCategories[" + i + "]",
                        "'" + name + "' is not an event category; use sqs, sale or question"));
            } else {
                checked.add(category.get());
            }
        }
        return checked;
    }
}
