package com.monitorflow.webhooks.dispatch.delivery;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import com.monitorflow.webhooks.model.DeliveryAttempt;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.PendingDelivery;
import com.monitorflow.webhooks.model.TopicNames;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcome of an attempt: the attempt record and, when the delivery goes on, its retry
 * record, and returns only once the broker has acknowledged both. Until then the event's offset is
 * not committed. A write that fails is tried again; nothing is given up while the instance runs.
 */
public final class DeliveryRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private final Producer<String, byte[]> producer;
    private final TopicNames topics;
    private volatile boolean halted;

    public DeliveryRecorder(Producer<String, byte[]> producer, TopicNames topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /**
     * Writes {@code attempt} and {@code retry} (if any) and waits for both acknowledgements. The
     * retry goes to the step of its attempt count, the last step for any count beyond.
     */
    public void record(DeliveryAttempt attempt, @Nullable PendingDelivery retry) throws InterruptedException {
        write(new ProducerRecord<>(topics.attempts(), attempt.accountId(), Json.mapper().writeValueAsBytes(attempt)),
                retry == null ? null : retryRecord(retry, Math.min(retry.attempts(), topics.retrySteps())));
    }

    /** Writes {@code deferred}, a delivery not attempted now, to the first retry step and waits for it. */
    public void defer(PendingDelivery deferred) throws InterruptedException {
        write(null, retryRecord(deferred, 1));
    }

    private void write(@Nullable ProducerRecord<String, byte[]> attemptRecord,
            @Nullable ProducerRecord<String, byte[]> retryRecord) throws InterruptedException {
        boolean attemptDone = attemptRecord == null;
        boolean retryDone = retryRecord == null;
        while (!attemptDone || !retryDone) {
            if (halted) {
                throw new IllegalStateException("The recorder was halted before the outcome was written");
            }
            Future<RecordMetadata> attemptSent = attemptDone ? null : producer.send(attemptRecord);
            Future<RecordMetadata> retrySent = retryDone ? null : producer.send(retryRecord);
            attemptDone = attemptDone || acknowledged(attemptSent);
            retryDone = retryDone || acknowledged(retrySent);
            if (!attemptDone || !retryDone) {
                Thread.sleep(BACKOFF);
            }
        }
    }

    /** Stops writing at once, dropping what is not acknowledged; for an instance that dies. */
    public void halt() {
        halted = true;
        producer.close(Duration.ZERO);
    }

    @Override
    public void close() {
        if (!halted) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    private ProducerRecord<String, byte[]> retryRecord(PendingDelivery retry, int step) {
        var record = new ProducerRecord<>(topics.retry(Math.max(step, 1)), retry.accountId(), retry.body());
        retry.writeTo(record.headers());
        return record;
    }

    private boolean acknowledged(@Nullable Future<RecordMetadata> sent) throws InterruptedException {
        if (sent == null) {
            return true;
        }
        try {
            sent.get();
            return true;
        } catch (ExecutionException | KafkaException e) {
            if (!halted) {
                log.warn("Writing a delivery outcome failed; trying again in {}", BACKOFF, e);
            }
            return false;
        }
    }
}
