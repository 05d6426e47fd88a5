package com.monitorflow.webhooks.registry.account;

import java.time.Instant;

import com.monitorflow.webhooks.registry.plan.Plan;

/**
 * An account as the registry stores it, without its API key (only the key's hash is kept).
 *
 * @param id {@code acc_…}
 * @param name a name for administrators
 * @param plan the subscription plan, which bounds the number of webhooks
 * @param createdAt when the account was created
 * @param updatedAt when the account was last changed
 */
public record Account(String id, String name, Plan plan, Instant createdAt, Instant updatedAt) {
}
