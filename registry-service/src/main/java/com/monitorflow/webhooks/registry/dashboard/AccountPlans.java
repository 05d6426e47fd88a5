package com.monitorflow.webhooks.registry.dashboard;

import java.util.Optional;

import com.monitorflow.webhooks.registry.account.AccountRepository;
import com.monitorflow.webhooks.registry.api.ApiKeys;

import org.springframework.stereotype.Component;

/**
 * The signed-in account's plan and webhook count.
 *
 * <p>Limitation: the REST API shows an account's plan only to administrators, so this one read goes
 * to the account store directly instead of through the API; it would move to an account-key
 * endpoint for one's own account once the API has one.
 */
@Component
class AccountPlans {

    private final AccountRepository accounts;

    AccountPlans(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** The plan of the account the key belongs to, or empty when the key is not (or no longer) valid. */
    Optional<DashboardViews.Plan> of(String apiKey) {
        return accounts.findIdByApiKeyHash(ApiKeys.hash(apiKey))
                .flatMap(accounts::find)
                .map(account -> {
                    var limit = account.plan().webhookLimit();
                    return new DashboardViews.Plan(account.plan().name(),
                            limit.isPresent() ? limit.getAsInt() : null, accounts.countWebhooks(account.id()));
                });
    }
}
