package com.monitorflow.webhooks.registry.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.WebhookStatus;
import com.monitorflow.webhooks.registry.account.Account;
import com.monitorflow.webhooks.registry.account.AccountRepository;
import com.monitorflow.webhooks.registry.api.ApiException;
import com.monitorflow.webhooks.registry.api.Page;
import com.monitorflow.webhooks.registry.outbox.WebhookOutbox;
import com.monitorflow.webhooks.registry.plan.PlanLimitPolicy;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes webhooks. Every change writes the webhook's new definition (or a
 * tombstone) to the outbox in the same transaction.
 */
@Service
public class WebhookService {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);

    private final WebhookRepository webhooks;
    private final AccountRepository accounts;
    private final WebhookRequestValidator validator;
    private final PlanLimitPolicy planLimits;
    private final WebhookOutbox outbox;
    private final SecretCipher cipher;
    private final Clock clock;

    WebhookService(WebhookRepository webhooks, AccountRepository accounts, WebhookRequestValidator validator,
            PlanLimitPolicy planLimits, WebhookOutbox outbox, SecretCipher cipher, Clock clock) {
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.validator = validator;
        this.planLimits = planLimits;
        this.outbox = outbox;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Transactional
    WebhookResponse create(String accountId, WebhookRequests.Create request) {
        var checked = validator.check(request.name(), request.url(), request.description(),
                request.eventCategories(), true);
        // The lock serializes creates of one account, so the count below stays true until commit.
        Account account = accounts.lock(accountId).orElseThrow(() -> ApiException.notFound("account", accountId));
        planLimits.checkCanAdd(account.plan(), accounts.countWebhooks(accountId));

        String secret = WebhookSecrets.generate();
        Instant now = now();
        Webhook webhook = new Webhook(Ids.newWebhookId(clock), accountId, require(checked.name()),
                require(checked.url()), blankToNull(checked.description()), require(checked.eventCategories()),
                WebhookStatus.ACTIVE, cipher.seal(secret), now, now);
        webhooks.insert(webhook);
        outbox.changed(webhook.toDefinition());

        logChange("Webhook created", webhook.id());
        return WebhookResponse.of(webhook, secret);
    }

    @Transactional(readOnly = true)
    Page<WebhookResponse> list(String accountId, @Nullable String cursor, int limit) {
        List<Webhook> page = webhooks.list(accountId, cursor, limit + 1);
        boolean more = page.size() > limit;
        List<Webhook> shown = more ? page.subList(0, limit) : page;
        String next = more ? shown.getLast().id() : null;
        return new Page<>(shown.stream().map(w -> WebhookResponse.of(w, null)).toList(), next);
    }

    @Transactional(readOnly = true)
    WebhookResponse get(String accountId, String id) {
        return WebhookResponse.of(find(accountId, id), null);
    }

    /** The account's webhook {@code id}, or a 404 when the account has no such webhook. */
    @Transactional(readOnly = true)
    public Webhook find(String accountId, String id) {
        return webhooks.find(accountId, id).orElseThrow(() -> ApiException.notFound("webhook", id));
    }

    /**
     * Applies the fields the request carries. When they change nothing, nothing is written: the
     * answer is the webhook as it was, updatedAt included, and the changelog gets no new version.
     */
    @Transactional
    WebhookResponse update(String accountId, String id, WebhookRequests.Update request) {
        var checked = validator.checkChange(request);
        Webhook current = webhooks.lock(accountId, id).orElseThrow(() -> ApiException.notFound("webhook", id));

        Webhook changed = new Webhook(id, accountId,
                orElse(checked.name(), current.name()),
                orElse(checked.url(), current.url()),
                request.has("description") ? blankToNull(checked.description()) : current.description(),
                orElse(checked.eventCategories(), current.eventCategories()),
                orElse(request.status(), current.status()),
                current.encryptedSecret(), current.createdAt(), current.updatedAt());
        if (changed.equals(current)) {
            return WebhookResponse.of(current, null);
        }

        Webhook updated = new Webhook(id, accountId, changed.name(), changed.url(), changed.description(),
                changed.eventCategories(), changed.status(), current.encryptedSecret(), current.createdAt(), now());
        webhooks.update(updated);
        outbox.changed(updated.toDefinition());

        logChange("Webhook updated", id);
        return WebhookResponse.of(updated, null);
    }

    @Transactional
    void delete(String accountId, String id) {
        if (!webhooks.delete(accountId, id)) {
            throw ApiException.notFound("webhook", id);
        }
        outbox.deleted(id);
        logChange("Webhook deleted", id);
    }

    @Transactional
    WebhookResponse rotateSecret(String accountId, String id) {
        Webhook current = webhooks.lock(accountId, id).orElseThrow(() -> ApiException.notFound("webhook", id));
        String secret = WebhookSecrets.generate();

        Webhook updated = new Webhook(id, accountId, current.name(), current.url(), current.description(),
                current.eventCategories(), current.status(), cipher.seal(secret), current.createdAt(), now());
        webhooks.update(updated);
        outbox.changed(updated.toDefinition());

        logChange("Webhook secret rotated", id);
        return WebhookResponse.of(updated, secret);
    }

    /**
     * Makes the webhook INACTIVE because its endpoint answered 410 Gone; joins the caller's
     * transaction. Does nothing when the webhook is gone or already inactive.
     *
     * @return the webhook as it is now, when it was changed
     */
    @Transactional
    public Optional<Webhook> deactivateGone(String accountId, String id) {
        Optional<Webhook> current = webhooks.lock(accountId, id);
        if (current.isEmpty() || current.get().status() == WebhookStatus.INACTIVE) {
            return Optional.empty();
        }
        Webhook w = current.get();
        Webhook inactive = new Webhook(id, accountId, w.name(), w.url(), w.description(), w.eventCategories(),
                WebhookStatus.INACTIVE, w.encryptedSecret(), w.createdAt(), now());
        webhooks.update(inactive);
        outbox.changed(inactive.toDefinition());

        logChange("Webhook made inactive because its endpoint answered 410 Gone", id);
        return Optional.of(inactive);
    }

    private static void logChange(String message, String webhookId) {
        try (var ignored = MDC.putCloseable("webhookId", webhookId)) {
            log.info(message);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> T require(@Nullable T value) {
        return java.util.Objects.requireNonNull(value);
    }

    private static <T> T orElse(@Nullable T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
