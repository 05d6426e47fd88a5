package com.monitorflow.webhooks.registry.webhook;

import java.net.URI;

import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.registry.api.ApiKeyFilter;
import com.monitorflow.webhooks.registry.api.InvalidRequestException;
import com.monitorflow.webhooks.registry.api.Page;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The webhooks of the account whose API key made the request. */
@RestController
@RequestMapping("/v1/webhooks")
@Tag(name = "Webhooks")
class WebhookController {

    static final int MAX_PAGE_SIZE = 100;

    private final WebhookService service;

    WebhookController(WebhookService service) {
        this.service = service;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a webhook; the answer carries its secret, shown only here")
    ResponseEntity<WebhookResponse> create(
            @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @RequestBody WebhookRequests.Create request) {
        WebhookResponse created = service.create(accountId, request);
        return ResponseEntity.created(URI.create("/v1/webhooks/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(summary = "List webhooks, oldest first, a page at a time")
    Page<WebhookResponse> list(@Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false)
            @Nullable String cursor,
            @Parameter(description = "page size, 1 to 100") @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw InvalidRequestException.of("limit", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        // The cursor is the id of the last webhook of the previous page. That webhook may be gone
        // since, so only the form of the id is checked, never that it exists.
        if (cursor != null && !Ids.isSortableId(Ids.WEBHOOK_PREFIX, cursor)) {
            throw InvalidRequestException.of("cursor", "is not a cursor this endpoint returned");
        }
        return service.list(accountId, cursor, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a webhook")
    WebhookResponse get(@Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @PathVariable String id) {
        return service.get(accountId, id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a webhook's name, url, description, event categories or status")
    WebhookResponse update(@Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @PathVariable String id, @RequestBody WebhookRequests.Update request) {
        return service.update(accountId, id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook")
    void delete(@Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @PathVariable String id) {
        service.delete(accountId, id);
    }

    @PostMapping("/{id}/secret/rotate")
    @Operation(summary = "Replace a webhook's secret; the answer carries the new one, shown only here")
    WebhookResponse rotateSecret(
            @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.ACCOUNT_ID) String accountId,
            @PathVariable String id) {
        return service.rotateSecret(accountId, id);
    }
}
