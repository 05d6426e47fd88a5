package com.monitorflow.webhooks.registry.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.model.Limits;
import com.monitorflow.webhooks.registry.api.ApiKeyFilter;
import com.monitorflow.webhooks.registry.api.InvalidRequestException;
import com.monitorflow.webhooks.registry.api.Page;
import com.monitorflow.webhooks.registry.webhook.WebhookService;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The delivery log of the last 7 days, resend and the re-drive of dead deliveries. */
@RestController
@Tag(name = "Deliveries")
class DeliveryController {

    static final int MAX_PAGE_SIZE = 100;

    private final DeliveryLogQueries queries;
    private final DeliveryRequeuer requeuer;
    private final WebhookService webhooks;
    private final Clock clock;

    DeliveryController(DeliveryLogQueries queries, DeliveryRequeuer requeuer, WebhookService webhooks, Clock clock) {
        this.queries = queries;
        this.requeuer = requeuer;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @GetMapping("/v1/webhooks/{id}/deliveries")
    @Operation(summary = "Delivery attempts of a webhook in the last 7 days, newest first")
    Page<DeliveryViews.Attempt> list(
            @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @PathVariable String id,
            @Parameter(description = "states to keep: succeeded, retrying, failed, gone, cancelled (comma separated "
                    + "or repeated)") @RequestParam(required = false) @Nullable List<String> status,
            @Parameter(description = "ISO-8601 instant; attempts at or after it (at most 7 days back)")
            @RequestParam(required = false) @Nullable String from,
            @Parameter(description = "ISO-8601 instant; attempts before it")
            @RequestParam(required = false) @Nullable String to,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false)
            @Nullable String cursor,
            @Parameter(description = "page size, 1 to 100") @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw InvalidRequestException.of("limit", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        Set<DeliveryState> states = states(status);
        Instant now = clock.instant();
        Instant oldest = now.minus(Limits.DELIVERY_LOG_RETENTION);
        Instant start = from == null ? oldest : max(instant("from", from), oldest);
        Instant end = to == null ? now.plusSeconds(3600) : instant("to", to);
        DeliveryLogQueries.Position after = cursor == null ? null : decode(cursor);
        webhooks.find(accountId, id);

        List<DeliveryViews.Attempt> page = queries.attempts(accountId, id, start, end, states, after, limit + 1);

        boolean more = page.size() > limit;
        List<DeliveryViews.Attempt> shown = more ? page.subList(0, limit) : page;
        return new Page<>(shown, more ? encode(shown.getLast()) : null);
    }

    @PostMapping("/v1/deliveries/{id}/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a delivery again, signed with the webhook's current secret")
    DeliveryViews.Queued resend(@Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @PathVariable String id) {
        return requeuer.resend(accountId, id);
    }

    @PostMapping("/v1/deliveries/{id}/redrive")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Re-drive a FAILED (dead) delivery through the retry steps again")
    DeliveryViews.Queued redrive(
            @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @PathVariable String id) {
        return requeuer.redrive(accountId, id);
    }

    @PostMapping("/v1/webhooks/{id}/deliveries/redrive")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Re-drive the webhook's FAILED deliveries whose last attempt was at or after 'since'")
    DeliveryViews.Queued redriveWebhook(
            @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @PathVariable String id,
            @Parameter(description = "ISO-8601 instant; default 7 days ago") @RequestParam(required = false)
            @Nullable String since) {
        Instant oldest = clock.instant().minus(Limits.DELIVERY_LOG_RETENTION);
        return requeuer.redriveWebhook(accountId, id, since == null ? oldest : instant("since", since));
    }

    private static Set<DeliveryState> states(@Nullable List<String> status) {
        Set<DeliveryState> states = EnumSet.noneOf(DeliveryState.class);
        if (status == null) {
            return states;
        }
        for (String entry : status) {
            for (String name : entry.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    states.add(DeliveryState.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw InvalidRequestException.of("status", "'" + name.strip()
                            + "' is not a delivery state; use succeeded, retrying, failed, gone or cancelled");
                }
            }
        }
        return states;
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "'" + text + "' is not an ISO-8601 instant such as "
                    + "2025-03-06T06:11:45Z");
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String encode(DeliveryViews.Attempt last) {
        String key = last.attemptedAt() + "|" + last.deliveryId() + "|" + last.attempt();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static DeliveryLogQueries.Position decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new DeliveryLogQueries.Position(Instant.parse(parts[0]), parts[1], Integer.parseInt(parts[2]));
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("cursor", "is not a cursor this endpoint returned");
        }
    }
}
