package com.monitorflow.webhooks.dispatch.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.monitorflow.webhooks.model.EventCategory;
import org.jspecify.annotations.Nullable;

/**
 * Every webhook dispatch knows of, by id and by account. It is written by one thread (the
 * changelog follower, and delivery threads marking a webhook gone) and read by many; readers get
 * an immutable list per account, so a fan-out never sees a half-applied change.
 */
public final class SubscriptionView {

    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Subscription>> byAccount = new ConcurrentHashMap<>();

    /** The webhook {@code webhookId}, if it exists. */
    public Optional<Subscription> find(String webhookId) {
        return Optional.ofNullable(byId.get(webhookId));
    }

    /** The webhooks of {@code accountId} that receive events of {@code category} now. */
    public List<Subscription> subscribersOf(String accountId, EventCategory category) {
        List<Subscription> all = byAccount.getOrDefault(accountId, List.of());
        List<Subscription> receiving = new ArrayList<>(all.size());
        for (Subscription subscription : all) {
            if (subscription.receives(category)) {
                receiving.add(subscription);
            }
        }
        return receiving;
    }

    /** How many webhooks the view holds. */
    public int size() {
        return byId.size();
    }

    /**
     * Applies a changelog record: {@code subscription} replaces the webhook, or null deletes it. A
     * webhook marked gone here stays so until the changelog carries a version newer than the one
     * that was gone, so a replay of older records cannot revive it.
     */
    public synchronized void apply(String webhookId, @Nullable Subscription subscription) {
        Subscription previous = byId.get(webhookId);
        Subscription next = subscription;
        if (next != null && previous != null && previous.goneLocally()
                && !next.definition().updatedAt().isAfter(previous.definition().updatedAt())) {
            next = next.markedGone();
        }
        if (next == null) {
            byId.remove(webhookId);
        } else {
            byId.put(webhookId, next);
        }
        if (previous != null) {
            replaceInAccount(previous.accountId(), webhookId, null);
        }
        if (next != null) {
            replaceInAccount(next.accountId(), webhookId, next);
        }
    }

    /** Treats {@code webhookId} as INACTIVE at once, after its endpoint answered 410 Gone. */
    public synchronized void markGone(String webhookId) {
        Subscription current = byId.get(webhookId);
        if (current != null && !current.goneLocally()) {
            Subscription gone = current.markedGone();
            byId.put(webhookId, gone);
            replaceInAccount(gone.accountId(), webhookId, gone);
        }
    }

    private void replaceInAccount(String accountId, String webhookId, @Nullable Subscription subscription) {
        List<Subscription> current = byAccount.getOrDefault(accountId, List.of());
        List<Subscription> next = new ArrayList<>(current.size() + 1);
        for (Subscription existing : current) {
            if (!existing.webhookId().equals(webhookId)) {
                next.add(existing);
            }
        }
        if (subscription != null) {
            next.add(subscription);
        }
        if (next.isEmpty()) {
            byAccount.remove(accountId);
        } else {
            byAccount.put(accountId, List.copyOf(next));
        }
    }
}
