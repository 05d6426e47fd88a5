package com.monitorflow.webhooks.registry.outbox;

import static com.monitorflow.webhooks.registry.db.Tables.WEBHOOK_OUTBOX;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.registry.db.tables.records.WebhookOutboxRecord;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox to {@code webhooks.changelog} in commit order and deletes rows only once the
 * broker has acknowledged them. When the broker is unreachable the rows stay and the same rows are
 * sent again on the next round, so a change may be published twice but never lost or reordered
 * for one webhook (the topic is compacted by webhook id, so a repeat is harmless). An advisory
 * lock lets only one registry instance publish at a time.
 */
public class OutboxPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    /** The advisory lock key that elects the publishing instance. */
    private static final long LOCK_KEY = 0x6d66_6f75_7462_6f78L;

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final OutboxProperties properties;
    private @Nullable ScheduledExecutorService executor;
    private volatile boolean failing;

    public OutboxPublisher(DSLContext dsl, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
            TopicNames topics, OutboxProperties properties) {
        this.dsl = dsl;
        this.transactions = transactions;
        this.kafka = kafka;
        this.topic = topics.webhooksChangelog();
        this.properties = properties;
    }

    /**
     * Sends one batch of the outbox and deletes it after the broker's acknowledgement.
     *
     * @return how many changes were published
     * @throws RuntimeException when the broker did not acknowledge them; nothing was deleted
     */
    public int publishBatch() {
        Integer published = transactions.execute(status -> {
            boolean elected = dsl.select(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, DSL.val(LOCK_KEY)))
                    .fetchSingle().value1();
            if (!elected) {
                return 0;
            }
            List<WebhookOutboxRecord> rows = dsl.selectFrom(WEBHOOK_OUTBOX)
                    .orderBy(WEBHOOK_OUTBOX.ID).limit(properties.batchSize()).fetch();
            if (rows.isEmpty()) {
                return 0;
            }
            send(rows);
            dsl.deleteFrom(WEBHOOK_OUTBOX).where(WEBHOOK_OUTBOX.ID.in(rows.stream().map(WebhookOutboxRecord::getId).toList())).execute();
            return rows.size();
        });
        return published == null ? 0 : published;
    }

    private void send(List<WebhookOutboxRecord> rows) {
        List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>(rows.size());
        for (WebhookOutboxRecord row : rows) {
            String definition = row.getDefinition();
            byte[] value = definition == null ? null : definition.getBytes(StandardCharsets.UTF_8);
            CompletableFuture<SendResult<String, byte[]>> ack = kafka.send(topic, row.getWebhookId(), value);
            acks.add(ack);
            if (ack.isCompletedExceptionally()) {
                // The broker is unreachable; sending the rest would only wait the same timeout each.
                break;
            }
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the changelog acks", e);
        } catch (Exception e) {
            throw new IllegalStateException("The broker did not acknowledge " + rows.size() + " changelog records", e);
        }
    }

    private void drain() {
        try {
            while (publishBatch() >= properties.batchSize()) {
                // A full batch: more may be waiting.
            }
            if (failing) {
                failing = false;
                log.info("Publishing webhook changes again after a broker outage");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Could not publish webhook changes; they stay in the outbox and are retried", e);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "outbox-publisher");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.pollInterval().toMillis();
        started.scheduleWithFixedDelay(this::drain, 0, interval, TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        executor = null;
        running.shutdown();
        try {
            if (!running.awaitTermination(properties.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
