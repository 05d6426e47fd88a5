package com.monitorflow.webhooks.registry.account;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.monitorflow.webhooks.registry.plan.Plan;

import org.jspecify.annotations.Nullable;

/**
 * An account as the admin API shows it.
 *
 * @param id {@code acc_…}
 * @param name the account's name
 * @param plan FREE or PRO
 * @param webhookCount how many webhooks the account has now
 * @param apiKey the account's API key, present only in the answer to its creation
 * @param createdAt when the account was created
 * @param updatedAt when the account was last changed
 */
record AccountResponse(
        String id,
        String name,
        Plan plan,
        int webhookCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String apiKey,
        Instant createdAt,
        Instant updatedAt) {

    static AccountResponse of(Account account, int webhookCount, @Nullable String apiKey) {
        return new AccountResponse(account.id(), account.name(), account.plan(), webhookCount, apiKey,
                account.createdAt(), account.updatedAt());
    }
}
