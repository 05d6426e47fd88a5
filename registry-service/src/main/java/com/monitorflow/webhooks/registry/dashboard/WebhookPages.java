package com.monitorflow.webhooks.registry.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.JsonNode;

/**
 * The Webhooks section: the list, Create Webhook, a webhook's details page with its delivery log,
 * and the changes made from there (edit, activate or deactivate, rotate the secret, delete, resend).
 * Every change is a POST that answers with a redirect, so reloading a page never repeats it.
 */
@Controller
class WebhookPages {

    static final int WEBHOOKS_PER_PAGE = 50;
    static final int ATTEMPTS_PER_PAGE = 50;
    static final List<String> DELIVERY_STATES = List.of("succeeded", "retrying", "failed", "gone", "cancelled");

    private static final Logger log = LoggerFactory.getLogger(WebhookPages.class);
    private static final Set<String> FORM_FIELDS = Set.of("name", "url", "description", "eventCategories");

    private final RegistryApi api;
    private final AccountPlans plans;

    WebhookPages(RegistryApi api, AccountPlans plans) {
        this.api = api;
        this.plans = plans;
    }

    @GetMapping("/dashboard/webhooks")
    String list(@RequestParam(required = false) @Nullable String cursor, HttpServletRequest request, Model model) {
        String key = key(request);
        JsonNode page = api.listWebhooks(key, cursor, WEBHOOKS_PER_PAGE);

        List<DashboardViews.Row> rows = new ArrayList<>();
        for (JsonNode item : items(page)) {
            DashboardViews.Webhook webhook = DashboardViews.Webhook.of(item);
            List<JsonNode> latest = items(api.deliveries(key, webhook.id(), List.of(), null, 1));
            rows.add(new DashboardViews.Row(webhook, latest.isEmpty() ? null : DashboardViews.Attempt.of(latest.getFirst())));
        }

        model.addAttribute("rows", rows);
        model.addAttribute("nextCursor", nextCursor(page));
        model.addAttribute("plan", plans.of(key).orElse(null));
        model.addAttribute("notice", DashboardSession.takeNotice(request));
        return "dashboard/webhooks";
    }

    @GetMapping("/dashboard/webhooks/new")
    String createPage(HttpServletRequest request, Model model) {
        model.addAttribute("form", WebhookForm.empty());
        model.addAttribute("plan", plans.of(key(request)).orElse(null));
        return "dashboard/create";
    }

    @PostMapping("/dashboard/webhooks")
    String create(@RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(required = false) @Nullable String description,
            @RequestParam(required = false) @Nullable List<String> eventCategories,
            HttpServletRequest request, Model model) {
        String key = key(request);
        WebhookForm form = WebhookForm.of(name, url, description, eventCategories);
        JsonNode created;
        try {
            created = api.createWebhook(key, form.toCreateRequest());
        } catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 403 && problem.status() != 409) {
                throw problem;
            }
            model.addAttribute("plan", plans.of(key).orElse(null));
            return formWithProblem("dashboard/create", form, problem, model);
        }

        String id = created.path("id").asString();
        DashboardSession.holdSecret(request, id, created.path("secret").asString());
        try (var ignored = MDC.putCloseable("webhookId", id)) {
            log.info("Webhook created from the dashboard");
        }
        return "redirect:/dashboard/webhooks/" + id;
    }

    @GetMapping("/dashboard/webhooks/{id}")
    String details(@PathVariable String id, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String cursor, HttpServletRequest request, Model model) {
        String key = key(request);
        DashboardViews.Webhook webhook = DashboardViews.Webhook.of(api.getWebhook(key, id));
        String filter = status == null || status.isBlank() ? "" : status.toLowerCase(Locale.ROOT);
        JsonNode log = api.deliveries(key, id, filter.isEmpty() ? List.of() : List.of(filter), cursor,
                ATTEMPTS_PER_PAGE);

        model.addAttribute("webhook", webhook);
        model.addAttribute("attempts", items(log).stream().map(DashboardViews.Attempt::of).toList());
        model.addAttribute("olderLink", olderLink(id, filter, nextCursor(log)));
        model.addAttribute("filter", filter);
        model.addAttribute("states", DELIVERY_STATES);
        model.addAttribute("secret", DashboardSession.takeSecret(request, id));
        model.addAttribute("notice", DashboardSession.takeNotice(request));
        return "dashboard/details";
    }

    @GetMapping("/dashboard/webhooks/{id}/edit")
    String editPage(@PathVariable String id, HttpServletRequest request, Model model) {
        DashboardViews.Webhook webhook = DashboardViews.Webhook.of(api.getWebhook(key(request), id));
        model.addAttribute("webhook", webhook);
        model.addAttribute("form", WebhookForm.of(webhook));
        return "dashboard/edit";
    }

    @PostMapping("/dashboard/webhooks/{id}/edit")
    String edit(@PathVariable String id, @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(required = false) @Nullable String description,
            @RequestParam(required = false) @Nullable List<String> eventCategories,
            HttpServletRequest request, Model model) {
        String key = key(request);
        WebhookForm form = WebhookForm.of(name, url, description, eventCategories);
        try {
            api.updateWebhook(key, id, form.toUpdateRequest());
        } catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409) {
                throw problem;
            }
            model.addAttribute("webhook", DashboardViews.Webhook.of(api.getWebhook(key, id)));
            return formWithProblem("dashboard/edit", form, problem, model);
        }

        DashboardSession.notice(request, "Changes saved.");
        return "redirect:/dashboard/webhooks/" + id;
    }

    @PostMapping("/dashboard/webhooks/{id}/status")
    String changeStatus(@PathVariable String id, @RequestParam String status, HttpServletRequest request) {
        String target = "ACTIVE".equals(status) ? "ACTIVE" : "INACTIVE";
        api.updateWebhook(key(request), id, Map.of("status", target));
        DashboardSession.notice(request, "ACTIVE".equals(target)
                ? "Webhook activated: new events are delivered to it again."
                : "Webhook deactivated: no events are delivered to it until you activate it.");
        return "redirect:/dashboard/webhooks/" + id;
    }

    @GetMapping("/dashboard/webhooks/{id}/rotate-secret")
    String rotateSecretPage(@PathVariable String id, HttpServletRequest request, Model model) {
        DashboardViews.Webhook webhook = DashboardViews.Webhook.of(api.getWebhook(key(request), id));
        return confirm(model, webhook, "Rotate the secret of " + webhook.name() + "?",
                "A new secret replaces the current one at once: deliveries from then on are signed with the new "
                        + "secret, and signatures made with the old one no longer verify. Update your endpoint "
                        + "right after rotating.",
                "/dashboard/webhooks/" + id + "/rotate-secret", "Rotate secret");
    }

    @PostMapping("/dashboard/webhooks/{id}/rotate-secret")
    String rotateSecret(@PathVariable String id, HttpServletRequest request) {
        JsonNode rotated = api.rotateSecret(key(request), id);
        DashboardSession.holdSecret(request, id, rotated.path("secret").asString());
        try (var ignored = MDC.putCloseable("webhookId", id)) {
            log.info("Webhook secret rotated from the dashboard");
        }
        return "redirect:/dashboard/webhooks/" + id;
    }

    @GetMapping("/dashboard/webhooks/{id}/delete")
    String deletePage(@PathVariable String id, HttpServletRequest request, Model model) {
        DashboardViews.Webhook webhook = DashboardViews.Webhook.of(api.getWebhook(key(request), id));
        return confirm(model, webhook, "Delete " + webhook.name() + "?",
                "The webhook stops receiving events at once and cannot be restored. Deliveries "
                        + "still waiting for a retry are cancelled.",
                "/dashboard/webhooks/" + id + "/delete", "Delete webhook");
    }

    @PostMapping("/dashboard/webhooks/{id}/delete")
    String delete(@PathVariable String id, HttpServletRequest request) {
        String key = key(request);
        String name = DashboardViews.Webhook.of(api.getWebhook(key, id)).name();
        api.deleteWebhook(key, id);
        try (var ignored = MDC.putCloseable("webhookId", id)) {
            log.info("Webhook deleted from the dashboard");
        }
        DashboardSession.notice(request, "Webhook \u201c" + name + "\u201d deleted.");
        return "redirect:/dashboard/webhooks";
    }

    @PostMapping("/dashboard/webhooks/{id}/deliveries/{deliveryId}/resend")
    String resend(@PathVariable String id, @PathVariable String deliveryId, HttpServletRequest request) {
        api.resend(key(request), deliveryId);
        DashboardSession.notice(request, "Delivery " + deliveryId + " queued to be sent again. "
                + "Its new attempt appears in the log below in a few seconds.");
        return "redirect:/dashboard/webhooks/" + id;
    }

    private static String formWithProblem(String view, WebhookForm form, ApiProblem problem, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("fieldErrors", problem.fieldErrors());
        boolean onlyFieldErrors = !problem.fieldErrors().isEmpty()
                && FORM_FIELDS.containsAll(problem.fieldErrors().keySet());
        model.addAttribute("problem", onlyFieldErrors ? null : problem.detail());
        model.addAttribute("limitReached", problem.status() == 403);
        return view;
    }

    private static String confirm(Model model, DashboardViews.Webhook webhook, String question, String consequence,
            String action, String button) {
        model.addAttribute("webhook", webhook);
        model.addAttribute("question", question);
        model.addAttribute("consequence", consequence);
        model.addAttribute("action", action);
        model.addAttribute("button", button);
        return "dashboard/confirm";
    }

    private static @Nullable String olderLink(String id, String filter, @Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        var link = UriComponentsBuilder.fromPath("/dashboard/webhooks/{id}");
        if (!filter.isEmpty()) {
            link.queryParam("status", filter);
        }
        return link.queryParam("cursor", cursor).buildAndExpand(id).encode().toUriString();
    }

    private static List<JsonNode> items(JsonNode page) {
        JsonNode items = page.has("data") ? page.get("data") : page.path("items");
        List<JsonNode> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private static @Nullable String nextCursor(JsonNode page) {
        JsonNode cursor = page.get("nextCursor");
        return cursor == null || cursor.isNull() ? null : cursor.asString();
    }

    private static String key(HttpServletRequest request) {
        return Objects.requireNonNull(DashboardSession.apiKey(request), "the guard lets only signed-in requests in");
    }
}
