package com.monitorflow.webhooks.registry.outbox;

import static com.monitorflow.webhooks.registry.db.Tables.WEBHOOK_OUTBOX;

import java.time.Clock;
import java.time.ZoneOffset;

import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.WebhookDefinition;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a webhook change for {@code webhooks.changelog} in the transaction that makes the
 * change, so that the change is published if and only if it commits.
 */
@Component
public class WebhookOutbox {

    private final DSLContext dsl;
    private final Clock clock;

    public WebhookOutbox(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Publishes {@code definition} as the webhook's current version once the transaction commits. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changed(WebhookDefinition definition) {
        append(definition.id(), Json.mapper().writeValueAsString(definition));
    }

    /** Publishes a tombstone for {@code webhookId} once the transaction commits. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deleted(String webhookId) {
        append(webhookId, null);
    }

    private void append(String webhookId, @Nullable String definition) {
        dsl.insertInto(WEBHOOK_OUTBOX)
                .set(WEBHOOK_OUTBOX.WEBHOOK_ID, webhookId)
                .set(WEBHOOK_OUTBOX.DEFINITION, definition)
                .set(WEBHOOK_OUTBOX.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
    }
}
