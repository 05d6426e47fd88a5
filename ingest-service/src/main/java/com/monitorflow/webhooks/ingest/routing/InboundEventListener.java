package com.monitorflow.webhooks.ingest.routing;

import java.util.List;

import com.monitorflow.webhooks.ingest.metrics.IngestMetrics;
import com.monitorflow.webhooks.ingest.metrics.IngestTally;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Consumes {@code events.inbound} one poll at a time. The container runs each batch in a Kafka
 * transaction: every record written here and the consumer offsets of the batch are committed
 * together, so after a crash or restart the batch is either fully visible to read-committed
 * readers or read again, never half of it.
 */
@Component
public class InboundEventListener {

    /** The id of the listener container, for starting and stopping it. */
    public static final String LISTENER_ID = "ingest";

    private final EventRouter router;
    private final KafkaTemplate<byte[], byte[]> template;
    private final IngestMetrics metrics;

    public InboundEventListener(EventRouter router, KafkaTemplate<byte[], byte[]> template, IngestMetrics metrics) {
        this.router = router;
        this.template = template;
        this.metrics = metrics;
    }

    @KafkaListener(id = LISTENER_ID, topics = "${monitorflow.topics.inbound:events.inbound}",
            autoStartup = "${monitorflow.ingest.listener-auto-startup:true}", batch = "true")
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        var tally = new IngestTally();
        for (ConsumerRecord<byte[], byte[]> inbound : records) {
            template.send(router.route(inbound, tally));
        }
        countAfterCommit(tally);
    }

    private void countAfterCommit(IngestTally tally) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            metrics.record(tally);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                metrics.record(tally);
            }
        });
    }
}
