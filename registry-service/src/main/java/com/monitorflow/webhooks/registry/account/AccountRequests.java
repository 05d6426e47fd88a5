package com.monitorflow.webhooks.registry.account;

import com.monitorflow.webhooks.registry.plan.Plan;

import org.jspecify.annotations.Nullable;

/** Request bodies of the account endpoints. */
final class AccountRequests {

    private AccountRequests() {
    }

    /**
     * Creates an account.
     *
     * @param name a name for administrators, 1 to 200 characters
     * @param plan the plan to start on; FREE when absent
     */
    record Create(@Nullable String name, @Nullable Plan plan) {
    }

    /**
     * Changes an account; absent fields stay as they are.
     *
     * @param name a new name, 1 to 200 characters
     * @param plan a new plan; moving to FREE is refused while the account has more than 1 webhook
     */
    record Update(@Nullable String name, @Nullable Plan plan) {
    }
}
