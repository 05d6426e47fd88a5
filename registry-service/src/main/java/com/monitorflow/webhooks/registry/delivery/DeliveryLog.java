package com.monitorflow.webhooks.registry.delivery;

import static com.monitorflow.webhooks.registry.db.Tables.DELIVERY;
import static com.monitorflow.webhooks.registry.db.Tables.DELIVERY_ATTEMPT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.when;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.registry.webhook.WebhookService;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes batches of attempts into the delivery log: every attempt into its day's partition
 * (idempotent on delivery, attempt and time, so a batch read twice is stored once) and, per
 * delivery, the body of its first attempt and its latest state. An attempt that found the
 * endpoint gone makes the webhook INACTIVE in the same transaction.
 */
@Component
public class DeliveryLog {

    static final int MAX_ERROR = 1000;
    static final int MAX_EXCERPT = 4096;
    static final int MAX_LOCATION = 2048;
    static final int MAX_EVENT = 200;

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final DeliveryLogPartitions partitions;
    private final WebhookService webhooks;

    public DeliveryLog(DSLContext dsl, TransactionTemplate transactions, DeliveryLogPartitions partitions,
            WebhookService webhooks) {
        this.dsl = dsl;
        this.transactions = transactions;
        this.partitions = partitions;
        this.webhooks = webhooks;
    }

    /** Stores {@code attempts}, all or none. */
    public void record(List<DeliveryAttempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        Set<LocalDate> days = attempts.stream()
                .map(a -> LocalDate.ofInstant(a.attemptedAt(), ZoneOffset.UTC))
                .collect(Collectors.toCollection(TreeSet::new));
        try {
            partitions.ensure(days);
            transactions.executeWithoutResult(status -> {
                insertAttempts(attempts);
                upsertDeliveries(latestPerDelivery(attempts));
                deactivateGoneWebhooks(attempts);
            });
        } catch (DataAccessException | org.jooq.exception.DataAccessException e) {
            // A partition may have been dropped behind our back; check again on the retry.
            partitions.forget();
            throw e;
        }
    }

    // Limitation: PostgreSQL requires the partition key in every unique key, so an attempt is unique
    // on (delivery, attempt, time) rather than (delivery, attempt). A record read twice carries the
    // same time and is stored once; a resend, which starts again at attempt 1, is a new row.
    private void insertAttempts(List<DeliveryAttempt> attempts) {
        var insert = dsl.insertInto(DELIVERY_ATTEMPT, DELIVERY_ATTEMPT.DELIVERY_ID, DELIVERY_ATTEMPT.ATTEMPT,
                DELIVERY_ATTEMPT.ATTEMPTED_AT, DELIVERY_ATTEMPT.ACCOUNT_ID, DELIVERY_ATTEMPT.WEBHOOK_ID,
                DELIVERY_ATTEMPT.EVENT_ID, DELIVERY_ATTEMPT.EVENT, DELIVERY_ATTEMPT.DURATION_MILLIS,
                DELIVERY_ATTEMPT.STATUS_CODE, DELIVERY_ATTEMPT.ERROR, DELIVERY_ATTEMPT.LOCATION,
                DELIVERY_ATTEMPT.RESPONSE_EXCERPT, DELIVERY_ATTEMPT.STATE);
        for (DeliveryAttempt a : attempts) {
            insert = insert.values(a.deliveryId(), a.attempt(), utc(a.attemptedAt()), a.accountId(), a.webhookId(),
                    a.eventId(), clip(a.event(), MAX_EVENT), a.durationMillis(), a.statusCode(),
                    clip(a.error(), MAX_ERROR), clip(a.location(), MAX_LOCATION),
                    clip(a.responseExcerpt(), MAX_EXCERPT), a.state().name());
        }
        insert.onConflictDoNothing().execute();
    }

    // Limitation: a delivery lives in the partition of the day of its first attempt and expires with
    // it. A delivery resent or still retrying near the end of its 7 days loses its stored body (so it
    // can no longer be resent or re-driven) while its later attempts stay listed until their own days
    // expire; an attempt arriving after that starts a new delivery row without a body.
    private void upsertDeliveries(List<Latest> deliveries) {
        Map<String, OffsetDateTime> firstAttempts = storedFirstAttempts(deliveries);
        var insert = dsl.insertInto(DELIVERY, DELIVERY.DELIVERY_ID, DELIVERY.FIRST_ATTEMPTED_AT, DELIVERY.ACCOUNT_ID,
                DELIVERY.WEBHOOK_ID, DELIVERY.EVENT_ID, DELIVERY.EVENT, DELIVERY.PAYLOAD, DELIVERY.LAST_ATTEMPT,
                DELIVERY.LAST_ATTEMPTED_AT, DELIVERY.LAST_STATE, DELIVERY.LAST_STATUS_CODE, DELIVERY.LAST_ERROR);
        for (Latest d : deliveries) {
            DeliveryAttempt a = d.attempt();
            OffsetDateTime first = firstAttempts.getOrDefault(a.deliveryId(), utc(d.earliestAttemptedAt()));
            insert = insert.values(a.deliveryId(), first, a.accountId(), a.webhookId(), a.eventId(),
                    clip(a.event(), MAX_EVENT), d.payload(), a.attempt(), utc(a.attemptedAt()), a.state().name(),
                    a.statusCode(), clip(a.error(), MAX_ERROR));
        }
        Condition newer = excluded(DELIVERY.LAST_ATTEMPTED_AT).ge(DELIVERY.LAST_ATTEMPTED_AT);
        insert.onConflict(DELIVERY.DELIVERY_ID, DELIVERY.FIRST_ATTEMPTED_AT).doUpdate()
                .set(DELIVERY.PAYLOAD, coalesce(DELIVERY.PAYLOAD, excluded(DELIVERY.PAYLOAD)))
                .set(DELIVERY.LAST_ATTEMPT, newest(newer, DELIVERY.LAST_ATTEMPT))
                .set(DELIVERY.LAST_ATTEMPTED_AT, newest(newer, DELIVERY.LAST_ATTEMPTED_AT))
                .set(DELIVERY.LAST_STATE, newest(newer, DELIVERY.LAST_STATE))
                .set(DELIVERY.LAST_STATUS_CODE, newest(newer, DELIVERY.LAST_STATUS_CODE))
                .set(DELIVERY.LAST_ERROR, newest(newer, DELIVERY.LAST_ERROR))
                .execute();
    }

    /**
     * The first attempt times of the deliveries already stored, which place them in their partition.
     * The database no longer enforces one row per delivery id alone (the key must hold the partition
     * key), so an existing row is always updated rather than a second one started.
     */
    private Map<String, OffsetDateTime> storedFirstAttempts(List<Latest> deliveries) {
        Map<String, OffsetDateTime> stored = new HashMap<>();
        dsl.select(DELIVERY.DELIVERY_ID, DELIVERY.FIRST_ATTEMPTED_AT).from(DELIVERY)
                .where(DELIVERY.DELIVERY_ID.in(deliveries.stream().map(d -> d.attempt().deliveryId()).toList()))
                .orderBy(DELIVERY.FIRST_ATTEMPTED_AT)
                .forEach(r -> stored.putIfAbsent(r.value1(), r.value2()));
        return stored;
    }

    private static <T> Field<T> newest(Condition newer, Field<T> field) {
        return when(newer, excluded(field)).otherwise(field);
    }

    private void deactivateGoneWebhooks(List<DeliveryAttempt> attempts) {
        attempts.stream()
                .filter(a -> a.state() == DeliveryState.GONE)
                .map(a -> Map.entry(a.accountId(), a.webhookId()))
                .distinct()
                .forEach(gone -> webhooks.deactivateGone(gone.getKey(), gone.getValue()));
    }

    /**
     * The latest attempt of a delivery in a batch, with the body of its first attempt when the batch
     * has it and the time of its earliest attempt in the batch.
     */
    private record Latest(DeliveryAttempt attempt, @Nullable String payload, Instant earliestAttemptedAt) {
    }

    private static List<Latest> latestPerDelivery(List<DeliveryAttempt> attempts) {
        Comparator<DeliveryAttempt> order = Comparator.comparing(DeliveryAttempt::attemptedAt)
                .thenComparingInt(DeliveryAttempt::attempt);
        Map<String, Latest> latest = new LinkedHashMap<>();
        for (DeliveryAttempt a : attempts) {
            latest.merge(a.deliveryId(), new Latest(a, a.payload(), a.attemptedAt()), (old, now) -> new Latest(
                    order.compare(now.attempt(), old.attempt()) >= 0 ? now.attempt() : old.attempt(),
                    old.payload() != null ? old.payload() : now.payload(),
                    now.earliestAttemptedAt().isBefore(old.earliestAttemptedAt()) ? now.earliestAttemptedAt()
                            : old.earliestAttemptedAt()));
        }
        return List.copyOf(latest.values());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** {@code text} cut to {@code max} characters, without NUL characters, which PostgreSQL text refuses. */
    static @Nullable String clip(@Nullable String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.indexOf('\0') >= 0 ? text.replace("\0", "") : text;
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
