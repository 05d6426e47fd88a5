package com.monitorflow.webhooks.ingest.routing;

import static com.monitorflow.webhooks.ingest.IngestTestKafka.header;
import static com.monitorflow.webhooks.ingest.IngestTestKafka.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.monitorflow.webhooks.ingest.IngestTestKafka;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.NormalizedEvent;
import com.monitorflow.webhooks.model.RejectionHeaders;
import com.monitorflow.webhooks.model.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Exactly-once routing across restarts: the service is closed while it works through a stream,
 * started again, then its listener container is stopped and started while more events arrive.
 * Read with read_committed, every valid input is on its category topic once and every invalid one
 * on the rejected topic once.
 */
class IngestRestartIT {

    private static final TopicNames TOPICS = TopicNames.defaults();
    private static final int PER_PHASE = 1500;
    private static final String[] NAMES = {"sqs.message_received", "sale.created", "question.asked"};

    private static IngestTestKafka kafka;

    @BeforeAll
    static void start() {
        kafka = new IngestTestKafka();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyEventIsRoutedExactlyOnceAcrossRestartsInTheMiddleOfTheStream() {
        List<String> validIds = new ArrayList<>();
        List<String> invalidKeys = new ArrayList<>();

        ConfigurableApplicationContext first = kafka.startIngest(smallBatches());
        produce(0, validIds, invalidKeys);
        kafka.awaitRecords(TOPICS.sale(), 1, record -> true);
        first.close();

        produce(1, validIds, invalidKeys);
        ConfigurableApplicationContext second = kafka.startIngest(smallBatches());
        try {
            kafka.awaitRecords(TOPICS.question(), PER_PHASE / 3 + 1, record -> true);
            MessageListenerContainer container = second.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(InboundEventListener.LISTENER_ID);
            container.stop();
            produce(2, validIds, invalidKeys);
            container.start();

            assertEachExactlyOnce(validIds, invalidKeys);
        } finally {
            second.close();
        }
    }

    private static void assertEachExactlyOnce(List<String> validIds, List<String> invalidKeys) {
        List<ConsumerRecord<byte[], byte[]>> routed = new ArrayList<>();
        routed.addAll(kafka.awaitRecords(TOPICS.sqs(), validIds.size() / 3, record -> true));
        routed.addAll(kafka.awaitRecords(TOPICS.sale(), validIds.size() / 3, record -> true));
        routed.addAll(kafka.awaitRecords(TOPICS.question(), validIds.size() / 3, record -> true));
        List<ConsumerRecord<byte[], byte[]>> rejected =
                kafka.awaitRecords(TOPICS.rejected(), invalidKeys.size(), record -> true);

        Map<String, Long> routedById = routed.stream()
                .map(record -> Json.mapper().readValue(record.value(), NormalizedEvent.class).id())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(routedById.keySet()).containsExactlyInAnyOrderElementsOf(validIds);
        assertThat(routedById.values()).allMatch(count -> count == 1);
        assertThat(routed).allSatisfy(record -> {
            NormalizedEvent event = Json.mapper().readValue(record.value(), NormalizedEvent.class);
            assertThat(record.topic()).isEqualTo(TOPICS.eventsOf(event.category()));
        });
        assertThat(rejected).extracting(record -> IngestTestKafka.text(record.key()))
                .containsExactlyInAnyOrderElementsOf(invalidKeys);
        assertThat(rejected).allSatisfy(record ->
                assertThat(header(record, RejectionHeaders.CODE)).isEqualTo("NOT_JSON"));
    }

    /** One phase of the stream: {@link #PER_PHASE} valid events across 30 accounts, and every 50th record invalid. */
    private static void produce(int phase, List<String> validIds, List<String> invalidKeys) {
        for (int i = 0; i < PER_PHASE; i++) {
            String account = "acc_restart_" + (i % 30);
            String id = "evt_p" + phase + "_" + i;
            String name = NAMES[i % NAMES.length];
            kafka.sendAsync(TOPICS.inbound(), utf8(account), utf8(IngestPipelineIT.event(account, name, id)));
            validIds.add(id);
            if (i % 50 == 0) {
                String key = "bad_p" + phase + "_" + i;
                kafka.sendAsync(TOPICS.inbound(), utf8(key), utf8("not json " + key));
                invalidKeys.add(key);
            }
        }
        kafka.flush();
    }

    /** Small polls, so that the stream spans many transactions and a restart lands between them. */
    private static String[] smallBatches() {
        return new String[] {"spring.kafka.consumer.max-poll-records=50", "spring.kafka.listener.concurrency=2"};
    }
}
