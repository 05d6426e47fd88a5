package com.monitorflow.webhooks.dispatch.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookStatus;
import org.junit.jupiter.api.Test;

class SubscriptionViewTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SubscriptionView view = new SubscriptionView();

    @Test
    void findsActiveSubscribersOfTheAccountAndCategoryOnly() {
        view.apply("whk_1", subscription("whk_1", "acc_a", WebhookStatus.ACTIVE, T0, EventCategory.SALE));
        view.apply("whk_2", subscription("whk_2", "acc_a", WebhookStatus.INACTIVE, T0, EventCategory.SALE));
        view.apply("whk_3", subscription("whk_3", "acc_a", WebhookStatus.ACTIVE, T0, EventCategory.SQS));
        view.apply("whk_4", subscription("whk_4", "acc_b", WebhookStatus.ACTIVE, T0, EventCategory.SALE));

        assertThat(view.subscribersOf("acc_a", EventCategory.SALE)).extracting(Subscription::webhookId)
                .containsExactly("whk_1");
    }

    @Test
    void movesAWebhookBetweenAccountsAndDeletesIt() {
        view.apply("whk_1", subscription("whk_1", "acc_a", WebhookStatus.ACTIVE, T0, EventCategory.SALE));
        view.apply("whk_1", subscription("whk_1", "acc_b", WebhookStatus.ACTIVE, T0.plusSeconds(1),
                EventCategory.SALE));

        assertThat(view.subscribersOf("acc_a", EventCategory.SALE)).isEmpty();
        assertThat(view.subscribersOf("acc_b", EventCategory.SALE)).hasSize(1);

        view.apply("whk_1", null);

        assertThat(view.find("whk_1")).isEmpty();
        assertThat(view.subscribersOf("acc_b", EventCategory.SALE)).isEmpty();
    }

    @Test
    void aGoneWebhookStaysInactiveUntilANewerVersionArrives() {
        view.apply("whk_1", subscription("whk_1", "acc_a", WebhookStatus.ACTIVE, T0, EventCategory.SALE));

        view.markGone("whk_1");
        view.apply("whk_1", subscription("whk_1", "acc_a", WebhookStatus.ACTIVE, T0, EventCategory.SALE));

        assertThat(view.find("whk_1")).get().extracting(Subscription::active).isEqualTo(false);
        assertThat(view.subscribersOf("acc_a", EventCategory.SALE)).isEmpty();

        view.apply("whk_1", subscription("whk_1", "acc_a", WebhookStatus.ACTIVE, T0.plusSeconds(60),
                EventCategory.SALE));

        assertThat(view.subscribersOf("acc_a", EventCategory.SALE)).hasSize(1);
    }

    @Test
    void neverShowsTheSecretInItsStringForm() {
        Subscription subscription = subscription("whk_1", "acc_a", WebhookStatus.ACTIVE, T0, EventCategory.SALE);

        assertThat(subscription.toString()).doesNotContain("very-secret");
    }

    private static Subscription subscription(String id, String account, WebhookStatus status, Instant updatedAt,
            EventCategory... categories) {
        var definition = new WebhookDefinition(id, account, "hook", "https://example.com/hook", Set.of(categories),
                status, "v1:sealed", updatedAt);
        return new Subscription(definition, "very-secret", false);
    }
}
