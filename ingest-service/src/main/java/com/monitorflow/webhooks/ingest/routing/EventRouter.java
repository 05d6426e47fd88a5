package com.monitorflow.webhooks.ingest.routing;

import java.nio.charset.StandardCharsets;

import com.monitorflow.webhooks.ingest.metrics.IngestTally;
import com.monitorflow.webhooks.ingest.validation.InboundEventValidator;
import com.monitorflow.webhooks.ingest.validation.Rejection;
import com.monitorflow.webhooks.ingest.validation.ValidationResult;
import com.monitorflow.webhooks.ingest.validation.ValidationResult.Accepted;
import com.monitorflow.webhooks.ingest.validation.ValidationResult.Rejected;
import com.monitorflow.webhooks.model.RejectionHeaders;
import com.monitorflow.webhooks.model.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Decides where one inbound record goes: a valid event to its category topic as a
 * {@code NormalizedEvent} keyed by its account id, anything else to {@code events.rejected} with
 * the original key, value and headers plus the rejection headers.
 *
 * <p>The record key of the inbound record plays no part in validation: the account comes from the
 * body, so a record with a null or different key is routed by its {@code accountId}.
 */
@Component
public class EventRouter {

    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

    private final InboundEventValidator validator;
    private final TopicNames topics;

    public EventRouter(InboundEventValidator validator, TopicNames topics) {
        this.validator = validator;
        this.topics = topics;
    }

    /** The record to write for {@code inbound}; its outcome is counted in {@code tally}. */
    public ProducerRecord<byte[], byte[]> route(ConsumerRecord<byte[], byte[]> inbound, IngestTally tally) {
        ValidationResult result = validator.validate(inbound.value());
        return switch (result) {
            case Accepted accepted -> {
                tally.accepted(accepted.category());
                yield toCategoryTopic(accepted);
            }
            case Rejected rejected -> {
                tally.rejected(rejected.rejection().code());
                logRejection(inbound, rejected.rejection());
                yield toRejectedTopic(inbound, rejected.rejection());
            }
        };
    }

    /** The record that carries an accepted event to its category topic. */
    public ProducerRecord<byte[], byte[]> toCategoryTopic(Accepted accepted) {
        String topic = topics.eventsOf(accepted.category());
        byte[] key = accepted.event().accountId().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, key, accepted.json());
    }

    private ProducerRecord<byte[], byte[]> toRejectedTopic(ConsumerRecord<byte[], byte[]> inbound, Rejection rejection) {
        var headers = new RecordHeaders();
        for (Header header : inbound.headers()) {
            if (!isRejectionHeader(header.key())) {
                headers.add(header);
            }
        }
        headers.add(RejectionHeaders.CODE, utf8(rejection.code().name()));
        headers.add(RejectionHeaders.REASON, utf8(rejection.reason()));
        headers.add(RejectionHeaders.SOURCE_TOPIC, utf8(inbound.topic()));
        headers.add(RejectionHeaders.SOURCE_PARTITION, utf8(Integer.toString(inbound.partition())));
        headers.add(RejectionHeaders.SOURCE_OFFSET, utf8(Long.toString(inbound.offset())));
        return new ProducerRecord<>(topics.rejected(), null, inbound.key(), inbound.value(), headers);
    }

    private static boolean isRejectionHeader(String key) {
        return key.equals(RejectionHeaders.CODE) || key.equals(RejectionHeaders.REASON)
                || key.equals(RejectionHeaders.SOURCE_TOPIC) || key.equals(RejectionHeaders.SOURCE_PARTITION)
                || key.equals(RejectionHeaders.SOURCE_OFFSET);
    }

    private static void logRejection(ConsumerRecord<byte[], byte[]> inbound, Rejection rejection) {
        if (!log.isDebugEnabled()) {
            return;
        }
        try (var ignored = MDC.putCloseable("sourceOffset",
                inbound.topic() + "-" + inbound.partition() + "@" + inbound.offset())) {
            log.debug("Rejected inbound record with code {}", rejection.code());
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
