package com.monitorflow.webhooks.registry.plan;

import java.util.Map;

import com.monitorflow.webhooks.registry.api.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Decides whether an account may add a webhook or move to another plan. Callers hold the account
 * row locked while they count and act, so that concurrent requests cannot both pass the check.
 */
@Component
public final class PlanLimitPolicy {

    /** Refuses, with a 403 that names the plan, its limit and the way out, when one more webhook is too many. */
    public void checkCanAdd(Plan plan, int webhookCount) {
        var limit = plan.webhookLimit();
        if (limit.isEmpty() || webhookCount < limit.getAsInt()) {
            return;
        }
        int max = limit.getAsInt();
        throw new ApiException(HttpStatus.FORBIDDEN, "Plan limit reached",
                "The " + plan + " plan allows " + max + " webhook" + (max == 1 ? "" : "s") + " and this account has "
                        + webhookCount + ". Upgrade the account to the PRO plan for unlimited webhooks, or delete "
                        + "a webhook first.",
                Map.of("plan", plan.name(), "limit", max, "webhookCount", webhookCount, "upgradeTo", Plan.PRO.name()));
    }

    /** Refuses, with a 409 giving the count to remove, a plan change that the current webhooks exceed. */
    public void checkCanMoveTo(Plan target, int webhookCount) {
        var limit = target.webhookLimit();
        if (limit.isEmpty() || webhookCount <= limit.getAsInt()) {
            return;
        }
        int max = limit.getAsInt();
        int toRemove = webhookCount - max;
        throw new ApiException(HttpStatus.CONFLICT, "Plan limit exceeded",
                "The account has " + webhookCount + " webhooks and the " + target + " plan allows " + max
                        + ". Delete " + toRemove + " webhook" + (toRemove == 1 ? "" : "s")
                        + " before moving the account to " + target + "; nothing is deleted automatically.",
                Map.of("plan", target.name(), "limit", max, "webhookCount", webhookCount, "toRemove", toRemove));
    }
}
