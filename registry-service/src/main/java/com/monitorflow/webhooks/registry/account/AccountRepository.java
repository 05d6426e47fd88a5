package com.monitorflow.webhooks.registry.account;

import static com.monitorflow.webhooks.registry.db.Tables.ACCOUNT;
import static com.monitorflow.webhooks.registry.db.Tables.WEBHOOK;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import com.monitorflow.webhooks.registry.db.tables.records.AccountRecord;
import com.monitorflow.webhooks.registry.plan.Plan;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Accounts in PostgreSQL. */
@Repository
public class AccountRepository {

    private final DSLContext dsl;

    public AccountRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insert(Account account, String apiKeyHash) {
        dsl.insertInto(ACCOUNT)
                .set(ACCOUNT.ID, account.id())
                .set(ACCOUNT.NAME, account.name())
                .set(ACCOUNT.PLAN, account.plan().name())
                .set(ACCOUNT.API_KEY_HASH, apiKeyHash)
                .set(ACCOUNT.CREATED_AT, utc(account.createdAt()))
                .set(ACCOUNT.UPDATED_AT, utc(account.updatedAt()))
                .execute();
    }

    public Optional<Account> find(String id) {
        return dsl.selectFrom(ACCOUNT).where(ACCOUNT.ID.eq(id)).fetchOptional().map(AccountRepository::toAccount);
    }

    /**
     * The account, with its row locked until the current transaction ends: whoever holds the lock
     * can count the account's webhooks and act on the count without a concurrent request interleaving.
     */
    public Optional<Account> lock(String id) {
        return dsl.selectFrom(ACCOUNT).where(ACCOUNT.ID.eq(id)).forUpdate().fetchOptional()
                .map(AccountRepository::toAccount);
    }

    /** The id of the account whose API key hashes to {@code apiKeyHash}. */
    public Optional<String> findIdByApiKeyHash(String apiKeyHash) {
        return dsl.select(ACCOUNT.ID).from(ACCOUNT).where(ACCOUNT.API_KEY_HASH.eq(apiKeyHash)).fetchOptional(ACCOUNT.ID);
    }

    /** How many webhooks the account has. */
    public int countWebhooks(String accountId) {
        return dsl.fetchCount(WEBHOOK, WEBHOOK.ACCOUNT_ID.eq(accountId));
    }

    void update(Account account) {
        dsl.update(ACCOUNT)
                .set(ACCOUNT.NAME, account.name())
                .set(ACCOUNT.PLAN, account.plan().name())
                .set(ACCOUNT.UPDATED_AT, utc(account.updatedAt()))
                .where(ACCOUNT.ID.eq(account.id()))
                .execute();
    }

    private static Account toAccount(AccountRecord r) {
        return new Account(r.getId(), r.getName(), Plan.valueOf(r.getPlan()), r.getCreatedAt().toInstant(),
                r.getUpdatedAt().toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
