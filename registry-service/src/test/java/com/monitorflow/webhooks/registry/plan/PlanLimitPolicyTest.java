package com.monitorflow.webhooks.registry.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.monitorflow.webhooks.registry.api.ApiException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class PlanLimitPolicyTest {

    private final PlanLimitPolicy policy = new PlanLimitPolicy();

    @Test
    void freeAllowsOneWebhookAndProAnyNumber() {
        assertThatNoException().isThrownBy(() -> policy.checkCanAdd(Plan.FREE, 0));
        assertThatNoException().isThrownBy(() -> policy.checkCanAdd(Plan.PRO, 10_000));
        assertThatThrownBy(() -> policy.checkCanAdd(Plan.FREE, 1))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.toProblem().getProperties()).containsEntry("plan", "FREE").containsEntry("limit", 1);
                    assertThat(e.getMessage()).contains("Upgrade the account to the PRO plan");
                });
    }

    @Test
    void downgradeIsRefusedWithTheCountToRemove() {
        assertThatNoException().isThrownBy(() -> policy.checkCanMoveTo(Plan.FREE, 1));
        assertThatNoException().isThrownBy(() -> policy.checkCanMoveTo(Plan.PRO, 50));
        assertThatThrownBy(() -> policy.checkCanMoveTo(Plan.FREE, 4))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.toProblem().getProperties()).containsEntry("toRemove", 3);
                    assertThat(e.getMessage()).contains("Delete 3 webhooks");
                });
    }
}
