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

        deliveryLog.record(List.of(
                attempt("dlv_retention_old", "2020-03-01T10:00:00Z"),
                attempt("dlv_retention_mid", "2020-03-05T10:00:00Z"),
                attempt("dlv_retention_new", "2020-03-10T10:00:00Z")));
        assertThat(partitions.existing()).contains(day("2020-03-01"), day("2020-03-05"));

        DeliveryLogRetention.Outcome second = retentionAt("2020-03-09T00:30:00Z").maintain();

        assertThat(second.droppedDays()).containsExactly(day("2020-03-01"));
        assertThat(second.deletedDeliveries()).isEqualTo(1);
        assertThat(partitions.existing()).doesNotContain(day("2020-03-01")).contains(day("2020-03-05"));
        assertThat(attemptsOf("dlv_retention_old")).isZero();
        assertThat(attemptsOf("dlv_retention_mid")).isOne();
        assertThat(deliveriesOf("dlv_retention_old")).isZero();
        assertThat(deliveriesOf("dlv_retention_mid")).isOne();

        DeliveryLogRetention.Outcome third = retentionAt("2020-03-13T01:00:00Z").maintain();

        assertThat(third.droppedDays()).containsExactly(day("2020-03-05"));
        assertThat(attemptsOf("dlv_retention_mid")).isZero();
        assertThat(attemptsOf("dlv_retention_new")).isOne();
        assertThat(partitions.existing()).contains(day("2020-03-13"), day("2020-03-16"));
    }

    private DeliveryLogRetention retentionAt(String instant) {
        return new DeliveryLogRetention(partitions, dsl, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC),
                properties);
    }

    private int attemptsOf(String deliveryId) {
        return dsl.fetchCount(dsl.selectFrom("delivery_attempt").where("delivery_id = ?", deliveryId));
    }

    private int deliveriesOf(String deliveryId) {
        return dsl.fetchCount(dsl.selectFrom("delivery").where("delivery_id = ?", deliveryId));
    }

    private static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    private static DeliveryAttempt attempt(String deliveryId, String at) {
        return new DeliveryAttempt(deliveryId, "acc_retention", "whk_retention", "evt_" + deliveryId, "sale.created",
                1, Instant.parse(at), 10, 200, null, null, "ok", DeliveryState.SUCCEEDED, "{}");
    }
}
