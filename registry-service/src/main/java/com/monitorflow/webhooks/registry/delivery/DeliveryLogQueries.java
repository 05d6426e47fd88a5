package com.monitorflow.webhooks.registry.delivery;

import static com.monitorflow.webhooks.registry.db.Tables.DELIVERY;
import static com.monitorflow.webhooks.registry.db.Tables.DELIVERY_ATTEMPT;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.registry.db.tables.records.DeliveryAttemptRecord;
import com.monitorflow.webhooks.registry.db.tables.records.DeliveryRecord;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Reads of the delivery log, always scoped to one account. */
@Component
class DeliveryLogQueries {

    /** Where a page of attempts ends: the sort key of its last attempt. */
    record Position(Instant attemptedAt, String deliveryId, int attempt) {
    }

    private final DSLContext dsl;

    DeliveryLogQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Attempts of a webhook in {@code [from, to)}, newest first, after {@code after} when given. */
    List<DeliveryViews.Attempt> attempts(String accountId, String webhookId, Instant from, Instant to,
            Collection<DeliveryState> states, @Nullable Position after, int limit) {
        Condition condition = DELIVERY_ATTEMPT.ACCOUNT_ID.eq(accountId)
                .and(DELIVERY_ATTEMPT.WEBHOOK_ID.eq(webhookId))
                .and(DELIVERY_ATTEMPT.ATTEMPTED_AT.ge(from.atOffset(ZoneOffset.UTC)))
                .and(DELIVERY_ATTEMPT.ATTEMPTED_AT.lt(to.atOffset(ZoneOffset.UTC)));
        if (!states.isEmpty()) {
            condition = condition.and(DELIVERY_ATTEMPT.STATE.in(states.stream().map(Enum::name).toList()));
        }
        if (after != null) {
            condition = condition.and(DSL.row(DELIVERY_ATTEMPT.ATTEMPTED_AT, DELIVERY_ATTEMPT.DELIVERY_ID,
                    DELIVERY_ATTEMPT.ATTEMPT).lt(after.attemptedAt().atOffset(ZoneOffset.UTC), after.deliveryId(),
                    after.attempt()));
        }
        return dsl.selectFrom(DELIVERY_ATTEMPT).where(condition)
                .orderBy(DELIVERY_ATTEMPT.ATTEMPTED_AT.desc(), DELIVERY_ATTEMPT.DELIVERY_ID.desc(),
                        DELIVERY_ATTEMPT.ATTEMPT.desc())
                .limit(limit)
                .fetch(DeliveryLogQueries::toView);
    }

    /** The delivery; should a second row of it ever exist (see {@link DeliveryLog}), the first started. */
    Optional<DeliveryRecord> delivery(String accountId, String deliveryId) {
        return dsl.selectFrom(DELIVERY)
                .where(DELIVERY.ACCOUNT_ID.eq(accountId), DELIVERY.DELIVERY_ID.eq(deliveryId))
                .orderBy(DELIVERY.FIRST_ATTEMPTED_AT)
                .limit(1)
                .fetchOptional();
    }

    /** The webhook's dead (FAILED) deliveries whose last attempt was at or after {@code since}. */
    List<DeliveryRecord> failedSince(String accountId, String webhookId, Instant since, int limit) {
        return dsl.selectFrom(DELIVERY)
                .where(DELIVERY.ACCOUNT_ID.eq(accountId), DELIVERY.WEBHOOK_ID.eq(webhookId),
                        DELIVERY.LAST_STATE.eq(DeliveryState.FAILED.name()),
                        DELIVERY.LAST_ATTEMPTED_AT.ge(since.atOffset(ZoneOffset.UTC)))
                .orderBy(DELIVERY.LAST_ATTEMPTED_AT, DELIVERY.DELIVERY_ID)
                .limit(limit)
                .fetch();
    }

    /** Marks deliveries as waiting on a retry again, so that a repeated re-drive does not queue them twice. */
    void markRetrying(String accountId, Collection<String> deliveryIds) {
        dsl.update(DELIVERY).set(DELIVERY.LAST_STATE, DeliveryState.RETRYING.name())
                .where(DELIVERY.ACCOUNT_ID.eq(accountId), DELIVERY.DELIVERY_ID.in(deliveryIds),
                        DELIVERY.LAST_STATE.eq(DeliveryState.FAILED.name()))
                .execute();
    }

    private static DeliveryViews.Attempt toView(DeliveryAttemptRecord r) {
        return new DeliveryViews.Attempt(r.getDeliveryId(), r.getEventId(), r.getEvent(), r.getAttempt(),
                r.getAttemptedAt().toInstant(), r.getDurationMillis(), r.getStatusCode(), r.getError(),
                r.getResponseExcerpt(), DeliveryState.valueOf(r.getState()));
    }
}
