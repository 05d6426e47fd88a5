package com.monitorflow.webhooks.registry.plan;

import java.util.OptionalInt;

/** The subscription plans and the webhooks each allows, as the public documentation lists them. */
public enum Plan {
    /** One webhook. */
    FREE(OptionalInt.of(1)),
    /** Unlimited webhooks. */
    PRO(OptionalInt.empty());

    private final OptionalInt webhookLimit;

    Plan(OptionalInt webhookLimit) {
        this.webhookLimit = webhookLimit;
    }

    /** How many webhooks an account on this plan may have, or empty when unlimited. */
    public OptionalInt webhookLimit() {
        return webhookLimit;
    }
}
