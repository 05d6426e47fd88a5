package com.monitorflow.webhooks.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.TopicNames;
import com.monitorflow.webhooks.model.WebhookDefinition;
import com.monitorflow.webhooks.model.WebhookStatus;
import com.monitorflow.webhooks.registry.IntegrationTestSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

class OutboxIT extends IntegrationTestSupport {

    @Autowired
    OutboxPublisher publisher;
    @Autowired
    DSLContext dsl;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    TopicNames topics;

    @Test
    void everyWebhookChangeReachesTheChangelogWithATombstoneOnDelete() {
        TestAccount account = newAccount("FREE");
        JsonNode created = newWebhook(account, "tracked", "https://example.com/tracked");
        String id = created.get("id").asString();
        call("PATCH", "/v1/webhooks/" + id, account.apiKey(), Map.of("status", "INACTIVE"));
        call("DELETE", "/v1/webhooks/" + id, account.apiKey(), null);

        List<ConsumerRecord<String, byte[]>> records = readTopic(topics.webhooksChangelog(), r -> r.key().equals(id), 3);

        assertThat(records).hasSize(3);
        WebhookDefinition first = Json.mapper().readValue(records.get(0).value(), WebhookDefinition.class);
        assertThat(first.accountId()).isEqualTo(account.id());
        assertThat(first.url()).isEqualTo("https://example.com/tracked");
        assertThat(first.status()).isEqualTo(WebhookStatus.ACTIVE);
        assertThat(new SecretCipher(ENCRYPTION_KEY).open(first.encryptedSecret()))
                .isEqualTo(created.get("secret").asString());
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8))
                .doesNotContain(created.get("secret").asString());
        WebhookDefinition second = Json.mapper().readValue(records.get(1).value(), WebhookDefinition.class);
        assertThat(second.status()).isEqualTo(WebhookStatus.INACTIVE);
        assertThat(records.get(2).value()).isNull();
    }

    @Test
    void changesMadeWhileTheBrokerIsUnreachableArePublishedAsCommittedOnceItIsBack() {
        TestAccount account = newAccount("PRO");
        publisher.stop();
        List<String> ids;
        List<String> committed;
        try {
            String kept = newWebhook(account, "kept", "https://example.com/kept").get("id").asString();
            call("PATCH", "/v1/webhooks/" + kept, account.apiKey(), Map.of("name", "kept, renamed"));
            String dropped = newWebhook(account, "dropped", "https://example.com/dropped").get("id").asString();
            call("DELETE", "/v1/webhooks/" + dropped, account.apiKey(), null);
            ids = List.of(kept, dropped);
            committed = outboxRowsOf(ids);
            assertThat(committed).hasSize(4);

            KafkaTemplate<String, byte[]> unreachable = unreachableBroker();
            OutboxPublisher cutOff = new OutboxPublisher(dsl, transactions, unreachable, topics,
                    new OutboxProperties(Duration.ofMillis(50), 200, Duration.ofSeconds(2)));
            assertThatThrownBy(cutOff::publishBatch).isInstanceOf(RuntimeException.class);
            ((DefaultKafkaProducerFactory<String, byte[]>) unreachable.getProducerFactory()).destroy();

            assertThat(outboxRowsOf(ids)).isEqualTo(committed);
        } finally {
            publisher.start();
        }

        List<ConsumerRecord<String, byte[]>> records = readTopic(topics.webhooksChangelog(),
                r -> ids.contains(r.key()), 4);

        List<String> published = new ArrayList<>();
        for (String id : ids) {
            records.stream().filter(r -> r.key().equals(id))
                    .forEach(r -> published.add(r.key() + "=" + (r.value() == null ? null
                            : new String(r.value(), StandardCharsets.UTF_8))));
        }
        assertThat(published).isEqualTo(committed);
        assertThat(outboxRowsOf(ids)).isEmpty();
    }

    /** The outbox rows of {@code ids} as {@code id=definition}, one webhook after the other, each in commit order. */
    private List<String> outboxRowsOf(List<String> ids) {
        List<String> rows = new ArrayList<>();
        for (String id : ids) {
            dsl.fetch("SELECT webhook_id, definition FROM webhook_outbox WHERE webhook_id = ? ORDER BY id", id)
                    .forEach(r -> rows.add(r.get(0, String.class) + "=" + r.get(1, String.class)));
        }
        return rows;
    }

    private static KafkaTemplate<String, byte[]> unreachableBroker() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

}
