package com.monitorflow.webhooks.registry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.DeliveryState;
import com.monitorflow.webhooks.registry.IntegrationTestSupport;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Retention runs on days long past, so that it never touches the partitions other tests write to. */
class DeliveryLogRetentionIT extends IntegrationTestSupport {

    @Autowired
    DeliveryLogPartitions partitions;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    DSLContext dsl;
    @Autowired
    DeliveryLogProperties properties;

    @AfterEach
    void dropThePastDays() {
        partitions.dropBefore(LocalDate.of(2021, 1, 1));
    }

    @Test
    void createsTheComingDaysAndDropsWholeDaysOlderThanSevenDays() {
        DeliveryLogRetention.Outcome first = retentionAt("2020-03-10T12:00:00Z").maintain();

        assertThat(first.droppedDays()).isEmpty();
        assertThat(partitions.existing()).contains(day("2020-03-10"), day("2020-03-11"), day("2020-03-12"),
                day("2020-03-13"));
        assertThat(partitions.existing("delivery")).isEqualTo(partitions.existing("delivery_attempt"));

        deliveryLog.record(List.of(
                attempt("dlv_retention_old", "2020-03-01T10:00:00Z"),
                attempt("dlv_retention_mid", "2020-03-05T10:00:00Z"),
                attempt("dlv_retention_new", "2020-03-10T10:00:00Z")));
        assertThat(partitions.existing("delivery_attempt")).contains(day("2020-03-01"), day("2020-03-05"));
        assertThat(partitions.existing("delivery")).contains(day("2020-03-01"), day("2020-03-05"));

        DeliveryLogRetention.Outcome second = retentionAt("2020-03-09T00:30:00Z").maintain();

        assertThat(second.droppedDays()).containsExactly(day("2020-03-01"));
        assertThat(tableExists("delivery_attempt_p20200301")).isFalse();
        assertThat(tableExists("delivery_p20200301")).isFalse();
        assertThat(tableExists("delivery_attempt_p20200305")).isTrue();
        assertThat(tableExists("delivery_p20200305")).isTrue();
        assertThat(attemptsOf("dlv_retention_old")).isZero();
        assertThat(attemptsOf("dlv_retention_mid")).isOne();
        assertThat(deliveriesOf("dlv_retention_old")).isZero();
        assertThat(deliveriesOf("dlv_retention_mid")).isOne();

        DeliveryLogRetention.Outcome third = retentionAt("2020-03-13T01:00:00Z").maintain();

        assertThat(third.droppedDays()).containsExactly(day("2020-03-05"));
        assertThat(attemptsOf("dlv_retention_mid")).isZero();
        assertThat(deliveriesOf("dlv_retention_mid")).isZero();
        assertThat(attemptsOf("dlv_retention_new")).isOne();
        assertThat(deliveriesOf("dlv_retention_new")).isOne();
        assertThat(partitions.existing("delivery_attempt")).contains(day("2020-03-13"), day("2020-03-16"));
        assertThat(partitions.existing("delivery")).contains(day("2020-03-13"), day("2020-03-16"));
    }

    @Test
    void laterAttemptsUpdateTheDeliveryInThePartitionOfItsFirstAttempt() {
        deliveryLog.record(List.of(attempt("dlv_retention_retried", 1, "2020-04-01T23:59:00Z", DeliveryState.RETRYING,
                "{\"first\":true}")));
        deliveryLog.record(List.of(attempt("dlv_retention_retried", 2, "2020-04-02T00:01:00Z", DeliveryState.RETRYING,
                null)));
        deliveryLog.record(List.of(
                attempt("dlv_retention_retried", 3, "2020-04-02T00:09:00Z", DeliveryState.SUCCEEDED, null),
                attempt("dlv_retention_retried", 2, "2020-04-02T00:01:00Z", DeliveryState.RETRYING, null)));

        var rows = dsl.fetch("SELECT tableoid::regclass::text AS part, payload, last_attempt, last_state"
                + " FROM delivery WHERE delivery_id = ?", "dlv_retention_retried");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("part", String.class)).isEqualTo("delivery_p20200401");
        assertThat(rows.get(0).get("payload", String.class)).isEqualTo("{\"first\":true}");
        assertThat(rows.get(0).get("last_attempt", Integer.class)).isEqualTo(3);
        assertThat(rows.get(0).get("last_state", String.class)).isEqualTo("SUCCEEDED");
        assertThat(attemptsOf("dlv_retention_retried")).isEqualTo(3);

        retentionAt("2020-04-09T00:30:00Z").maintain();

        assertThat(deliveriesOf("dlv_retention_retried")).isZero();
        assertThat(attemptsOf("dlv_retention_retried")).isEqualTo(2);
    }

    private DeliveryLogRetention retentionAt(String instant) {
        return new DeliveryLogRetention(partitions, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), properties);
    }

    private int attemptsOf(String deliveryId) {
        return dsl.fetchCount(dsl.selectFrom("delivery_attempt").where("delivery_id = ?", deliveryId));
    }

    private int deliveriesOf(String deliveryId) {
        return dsl.fetchCount(dsl.selectFrom("delivery").where("delivery_id = ?", deliveryId));
    }

    private boolean tableExists(String name) {
        return dsl.fetchExists(dsl.selectOne().from("pg_class").where("relname = ?", name));
    }

    private static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    private static DeliveryAttempt attempt(String deliveryId, String at) {
        return attempt(deliveryId, 1, at, DeliveryState.SUCCEEDED, "{}");
    }

    private static DeliveryAttempt attempt(String deliveryId, int attempt, String at, DeliveryState state,
            @Nullable String payload) {
        return new DeliveryAttempt(deliveryId, "acc_retention", "whk_retention", "evt_" + deliveryId, "sale.created",
                attempt, Instant.parse(at), 10, 200, null, null, "ok", state, payload);
    }
}
