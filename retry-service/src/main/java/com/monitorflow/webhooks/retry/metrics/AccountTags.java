package com.monitorflow.webhooks.retry.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the account tag of a metric from growing without bound: the first {@code max} distinct
 * accounts are tagged by their id, later ones share the tag {@value #OTHER}. Each tagged account
 * is one time series per reason in the metrics backend, so {@code max} is a cost decision.
 */
final class AccountTags {

    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";

    private final int max;
    private final Set<String> tagged = ConcurrentHashMap.newKeySet();

    AccountTags(int max) {
        this.max = max;
    }

    String tagFor(@Nullable String accountId) {
        if (accountId == null || accountId.isBlank()) {
            return UNKNOWN;
        }
        if (tagged.contains(accountId)) {
            return accountId;
        }
        // Limitation: two threads racing at the limit may tag one account more than max allows.
        if (tagged.size() < max && tagged.add(accountId)) {
            return accountId;
        }
        return tagged.contains(accountId) ? accountId : OTHER;
    }
}
