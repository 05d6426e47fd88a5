package com.monitorflow.webhooks.dispatch.subscription;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.WebhookDefinition;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Builds the {@link SubscriptionView} from {@code webhooks.changelog} and keeps it current. It reads
 * every partition from the beginning with an assigned consumer (no group, no committed offsets),
 * records the end offsets seen at start, and reports {@linkplain #awaitCaughtUp caught up} once it
 * has read up to them, so no event is dispatched against a partial view. After that it follows new
 * records as they come, well within a second.
 */
public final class ChangelogFollower implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ChangelogFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final SubscriptionView view;
    private final SecretCipher cipher;
    private final Duration startupWarning;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;

    public ChangelogFollower(Consumer<String, byte[]> consumer, String topic, SubscriptionView view,
            SecretCipher cipher, Duration startupWarning) {
        this.consumer = consumer;
        this.topic = topic;
        this.view = view;
        this.cipher = cipher;
        this.startupWarning = startupWarning;
    }

    /** Waits until the view holds everything the changelog held at start; false if it timed out. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Stops following; the thread running {@link #run} ends soon after. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions.isEmpty()) {
                return;
            }
            // Limitation: partitions added to the changelog topic after start are not read until the
            // instance restarts.
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnd = new HashMap<>(consumer.endOffsets(partitions));
            log.info("Reading webhooks from {} ({} partitions) up to {}", topic, partitions.size(), startEnd);
            while (running) {
                try {
                    followOnce(startEnd);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.warn("Reading {} failed; reading on in a second", topic, e);
                    pause(Duration.ofSeconds(1));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    private void followOnce(Map<TopicPartition, Long> startEnd) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            apply(record);
        }
        if (!isCaughtUp() && reached(startEnd)) {
            log.info("Webhook view caught up with {} webhooks", view.size());
            caughtUp.countDown();
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private List<TopicPartition> awaitPartitions() {
        long warnAt = System.nanoTime() + startupWarning.toNanos();
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            if (System.nanoTime() > warnAt) {
                log.warn("Topic {} does not exist yet; no event is dispatched until it does", topic);
                warnAt = System.nanoTime() + startupWarning.toNanos();
            }
            pause(Duration.ofMillis(500));
        }
        return List.of();
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (var end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String webhookId = record.key();
        if (webhookId == null) {
            log.warn("Skipping a changelog record without key at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        MDC.put("webhookId", webhookId);
        try {
            view.apply(webhookId, subscriptionOf(record));
        } finally {
            MDC.remove("webhookId");
        }
    }

    private @Nullable Subscription subscriptionOf(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            log.debug("Webhook deleted");
            return null;
        }
        WebhookDefinition definition;
        try {
            definition = Json.mapper().readValue(record.value(), WebhookDefinition.class);
        } catch (RuntimeException e) {
            log.error("Webhook definition at {}-{}@{} is unreadable; the webhook receives nothing until it is "
                    + "saved again", record.topic(), record.partition(), record.offset(), e);
            return null;
        }
        try {
            String secret = cipher.open(definition.encryptedSecret());
            log.debug("Webhook of account {} is {}", definition.accountId(), definition.status());
            return new Subscription(definition, secret, false);
        } catch (RuntimeException e) {
            // The exception says only that the sealed value does not open; it never holds the secret.
            log.error("The secret of webhook of account {} does not open under the configured key; the webhook "
                    + "receives nothing until it is saved again", definition.accountId());
            return null;
        }
    }
}
