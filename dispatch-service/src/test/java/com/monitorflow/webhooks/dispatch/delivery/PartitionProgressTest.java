package com.monitorflow.webhooks.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    private final PartitionProgress progress = new PartitionProgress(new TopicPartition("events.sale", 0));

    @Test
    void commitsOnlyUpToTheFirstRecordWithAnOpenDelivery() {
        progress.add(10, 2);
        progress.add(11, 0);
        progress.add(12, 1);
        assertThat(progress.committable()).isEqualTo(10);

        start(3);
        progress.complete(12);
        progress.complete(10);
        assertThat(progress.committable()).isEqualTo(10);

        progress.complete(10);
        assertThat(progress.committable()).isEqualTo(13);
        assertThat(progress.pendingDeliveries()).isZero();
    }

    @Test
    void anAbandonedDeliveryKeepsItsRecordOpen() {
        progress.add(5, 1);
        start(1);

        progress.abandon();

        assertThat(progress.committable()).isEqualTo(5);
    }

    @Test
    void nothingStartsAfterRevocationAndRunningOnesAreAwaited() throws InterruptedException {
        progress.add(1, 2);
        start(1);

        progress.revoke();

        assertThat(progress.tryStart()).isFalse();
        assertThat(progress.awaitIdle(10)).isFalse();
        progress.complete(1);
        assertThat(progress.awaitIdle(10)).isTrue();
        assertThat(progress.committable()).isEqualTo(1);
    }

    @Test
    void nothingReadMeansNothingToCommit() {
        assertThat(progress.committable()).isEqualTo(-1);
    }

    private void start(int deliveries) {
        for (int i = 0; i < deliveries; i++) {
            assertThat(progress.tryStart()).isTrue();
        }
    }
}
