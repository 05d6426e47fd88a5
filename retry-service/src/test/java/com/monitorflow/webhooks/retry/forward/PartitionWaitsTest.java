package com.monitorflow.webhooks.retry.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionWaitsTest {

    private static final Instant NOW = Instant.parse("2026-03-06T06:11:45Z");
    private static final TopicPartition FIRST = new TopicPartition("deliveries.retry.1", 0);
    private static final TopicPartition SECOND = new TopicPartition("deliveries.retry.2", 0);

    @Test
    void releasesOnlyPartitionsWhoseTimeHasCome() {
        PartitionWaits waits = new PartitionWaits();
        waits.hold(FIRST, 1, NOW.plusSeconds(1), NOW.minusSeconds(29));
        waits.hold(SECOND, 2, NOW.plusSeconds(5), NOW.minusSeconds(115));

        assertThat(waits.untilNextWake(NOW)).contains(Duration.ofSeconds(1));
        assertThat(waits.releaseDue(NOW)).isEmpty();
        assertThat(waits.releaseDue(NOW.plusSeconds(1))).containsExactly(FIRST);
        assertThat(waits.oldestFailedAt(2)).contains(NOW.minusSeconds(115));
        assertThat(waits.oldestFailedAt(1)).isEmpty();
    }

    @Test
    void forgetsPartitionsThatMove() {
        PartitionWaits waits = new PartitionWaits();
        waits.hold(FIRST, 1, NOW.plusSeconds(1), NOW);

        waits.forget(List.of(FIRST));

        assertThat(waits.isHeld(FIRST)).isFalse();
        assertThat(waits.untilNextWake(NOW)).isEmpty();
    }
}
