package com.monitorflow.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void eventIdsSortByCreationTime() {
        String earlier = Ids.newEventId(Clock.fixed(Instant.parse("2025-03-06T06:11:45Z"), ZoneOffset.UTC));
        String later = Ids.newEventId(Clock.fixed(Instant.parse("2025-03-06T06:11:46Z"), ZoneOffset.UTC));

        assertThat(earlier).startsWith("evt_").hasSize(30);
        assertThat(Ids.isSortableId(Ids.EVENT_PREFIX, earlier)).isTrue();
        assertThat(earlier).isLessThan(later);
    }

    @Test
    void idsCreatedInTheSameMillisecondDiffer() {
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

        assertThat(Ids.newWebhookId(clock)).isNotEqualTo(Ids.newWebhookId(clock));
    }

    @Test
    void deliveryIdIsStableForOneEventAndWebhook() {
        String id = Ids.deliveryId("evt_1", "whk_1");

        assertThat(id).startsWith("dlv_").isEqualTo(Ids.deliveryId("evt_1", "whk_1"));
        assertThat(id).isNotEqualTo(Ids.deliveryId("evt_1", "whk_2"));
        assertThat(id).isNotEqualTo(Ids.deliveryId("evt_2", "whk_1"));
    }

    @Test
    void sortableIdsRejectOtherShapes() {
        assertThat(Ids.isSortableId(Ids.EVENT_PREFIX, "evt_123")).isFalse();
        assertThat(Ids.isSortableId(Ids.EVENT_PREFIX, "whk_01JNM2X1B7Q9W0V4ZJ8K3T5R6S")).isFalse();
        assertThat(Ids.isSortableId(Ids.EVENT_PREFIX, "evt_01JNM2X1B7Q9W0V4ZJ8K3T5R6S")).isTrue();
    }
}
