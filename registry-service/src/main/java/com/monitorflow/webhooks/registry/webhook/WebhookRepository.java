package com.monitorflow.webhooks.registry.webhook;

import static com.monitorflow.webhooks.registry.db.Tables.WEBHOOK;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.WebhookStatus;
import com.monitorflow.webhooks.registry.db.tables.records.WebhookRecord;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** Webhooks in PostgreSQL. Every read and write is scoped to the owning account. */
@Repository
public class WebhookRepository {

    private final DSLContext dsl;

    public WebhookRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insert(Webhook webhook) {
        dsl.insertInto(WEBHOOK).set(toRecord(webhook)).execute();
    }

    /** The account's webhook {@code id}. */
    public Optional<Webhook> find(String accountId, String id) {
        return dsl.selectFrom(WEBHOOK).where(WEBHOOK.ACCOUNT_ID.eq(accountId), WEBHOOK.ID.eq(id))
                .fetchOptional().map(WebhookRepository::toWebhook);
    }

    /** The account's webhook {@code id}, its row locked until the transaction ends. */
    Optional<Webhook> lock(String accountId, String id) {
        return dsl.selectFrom(WEBHOOK).where(WEBHOOK.ACCOUNT_ID.eq(accountId), WEBHOOK.ID.eq(id))
                .forUpdate().fetchOptional().map(WebhookRepository::toWebhook);
    }

    /** Up to {@code limit} of the account's webhooks after {@code afterId}, oldest first. */
    List<Webhook> list(String accountId, @Nullable String afterId, int limit) {
        var condition = WEBHOOK.ACCOUNT_ID.eq(accountId);
        if (afterId != null) {
            condition = condition.and(WEBHOOK.ID.gt(afterId));
        }
        return dsl.selectFrom(WEBHOOK).where(condition).orderBy(WEBHOOK.ID).limit(limit)
                .fetch(WebhookRepository::toWebhook);
    }

    void update(Webhook webhook) {
        WebhookRecord record = toRecord(webhook);
        record.changed(WEBHOOK.ID, false);
        record.changed(WEBHOOK.ACCOUNT_ID, false);
        record.changed(WEBHOOK.CREATED_AT, false);
        dsl.update(WEBHOOK).set(record)
                .where(WEBHOOK.ACCOUNT_ID.eq(webhook.accountId()), WEBHOOK.ID.eq(webhook.id()))
                .execute();
    }

    boolean delete(String accountId, String id) {
        return dsl.deleteFrom(WEBHOOK).where(WEBHOOK.ACCOUNT_ID.eq(accountId), WEBHOOK.ID.eq(id)).execute() == 1;
    }

    private WebhookRecord toRecord(Webhook w) {
        WebhookRecord r = dsl.newRecord(WEBHOOK);
        r.setId(w.id());
        r.setAccountId(w.accountId());
        r.setName(w.name());
        r.setUrl(w.url());
        r.setDescription(w.description());
        r.setEventCategories(w.eventCategories().stream().map(EventCategory::wireName).toArray(String[]::new));
        r.setStatus(w.status().name());
        r.setEncryptedSecret(w.encryptedSecret());
        r.setCreatedAt(utc(w.createdAt()));
        r.setUpdatedAt(utc(w.updatedAt()));
        return r;
    }

    private static Webhook toWebhook(WebhookRecord r) {
        List<EventCategory> categories = Arrays.stream(r.getEventCategories())
                .map(name -> EventCategory.fromWireName(name).orElseThrow())
                .toList();
        return new Webhook(r.getId(), r.getAccountId(), r.getName(), r.getUrl(), r.getDescription(), categories,
                WebhookStatus.valueOf(r.getStatus()), r.getEncryptedSecret(), r.getCreatedAt().toInstant(),
                r.getUpdatedAt().toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
