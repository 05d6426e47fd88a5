package com.monitorflow.webhooks.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AccountLanesTest {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final PartitionProgress progress = new PartitionProgress(new TopicPartition("events.sale", 0));
    private final List<DeliveryJob> started = new ArrayList<>();
    private final List<DeliveryJob> deferred = new ArrayList<>();
    private long now = 1_000 * SECOND;
    private final AccountLanes lanes = new AccountLanes(10, Duration.ofSeconds(30), started::add, deferred::add,
            () -> now);

    @Test
    void tenRunAtOnceAndTheRestStartInOrderAsSlotsFree() {
        submit("acc_1", 15);

        assertThat(started).extracting(DeliveryJob::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(lanes.queued()).isEqualTo(5);

        now += 50 * MILLI;
        lanes.release("acc_1", 50 * MILLI);
        lanes.release("acc_1", 50 * MILLI);

        assertThat(started).extracting(DeliveryJob::offset).endsWith(9L, 10L, 11L);
        assertThat(lanes.inFlight()).isEqualTo(10);
        assertThat(deferred).isEmpty();
    }

    @Test
    void aLaneWhoseAttemptsTakeLongDefersWhatItCannotWorkOffInTime() {
        submit("acc_slow", 20);
        now += 6 * SECOND;
        for (int i = 0; i < 10; i++) {
            lanes.release("acc_slow", 6 * SECOND);
        }

        submit("acc_slow", 80);

        // 10 slots, 6 s an attempt: the 50th queued job is done after 30 s, the 51st is not.
        assertThat(lanes.queued()).isEqualTo(50);
        assertThat(deferred).hasSize(30);
        assertThat(deferred).extracting(DeliveryJob::offset).startsWith(70L, 71L);
    }

    @Test
    void aHungLaneIsNoticedBeforeItsFirstAttemptEndsAndItsBacklogIsDeferredNewestFirst() {
        submit("acc_hung", 10);
        submit("acc_hung", 200);
        assertThat(lanes.queued()).isEqualTo(200);

        now += 5 * SECOND;
        lanes.deferOverdue();

        // Nothing has ended for 5 s: at 10 slots, 60 queued jobs take at least 30 s.
        assertThat(lanes.queued()).isEqualTo(60);
        assertThat(deferred).hasSize(140);
        assertThat(deferred.getFirst().offset()).isEqualTo(209L);
        assertThat(deferred.getLast().offset()).isEqualTo(70L);

        submit("acc_hung", 1);
        assertThat(deferred).hasSize(141);
    }

    @Test
    void aFastLaneQueuesALongBurst() {
        submit("acc_fast", 20);
        for (int i = 0; i < 10; i++) {
            now += MILLI;
            lanes.release("acc_fast", 5 * MILLI);
        }

        submit("acc_fast", 20_000);
        lanes.deferOverdue();

        assertThat(lanes.queued()).isEqualTo(20_000);
        assertThat(deferred).isEmpty();
    }

    @Test
    void aBurstIntoANewLaneIsQueuedWhileItsFirstAttemptsRun() {
        submit("acc_new", 10);
        now += 500 * MILLI;

        submit("acc_new", 20_000);
        lanes.deferOverdue();

        assertThat(lanes.queued()).isEqualTo(20_000);
        assertThat(deferred).isEmpty();
    }

    @Test
    void onlyTheSlowAccountIsDeferred() {
        submit("acc_hung", 10);
        now += 20 * SECOND;

        submit("acc_hung", 30);
        submit("acc_other", 5);

        assertThat(deferred).hasSize(15).extracting(DeliveryJob::accountId).containsOnly("acc_hung");
        assertThat(started).filteredOn(job -> job.accountId().equals("acc_other")).hasSize(5);
    }

    @Test
    void slotsGivenBackWithoutAnAttemptDoNotHideAHungEndpoint() {
        submit("acc_1", 20);
        now += 40 * SECOND;
        for (int i = 0; i < 9; i++) {
            lanes.release("acc_1");
        }

        submit("acc_1", 100);

        // Still no attempt has ended in 40 s: 7 queued jobs take at least 28 s, the 8th 32 s.
        assertThat(lanes.queued()).isEqualTo(7);
        assertThat(deferred).hasSize(94);
    }

    private void submit(String account, int count) {
        for (int i = 0; i < count; i++) {
            long offset = started.size() + deferred.size() + lanes.queued();
            lanes.submit(new DeliveryJob(progress, offset, account, "whk_1", "dlv_" + offset, "evt_" + offset,
                    "sale.created", 1, null, new byte[0]));
        }
    }
}
