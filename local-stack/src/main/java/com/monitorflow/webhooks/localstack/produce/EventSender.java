package com.monitorflow.webhooks.localstack.produce;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Writes JSON files to {@code events.inbound} as inbound events of one account. Each file is the
 * event's {@code data}, embedded byte for byte; the event name comes from the command line or,
 * when the file is named like {@code sale.created.json}, from the file name.
 */
public final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrapServers;
    private final String topic;
    private final PrintStream out;

    public EventSender(String bootstrapServers, String topic, PrintStream out) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024,
                // A broker that cannot be reached is reported after 15 s rather than the client's 60 s.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000),
                new StringSerializer(), new ByteArraySerializer());
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.out = out;
    }

    /**
     * Sends every JSON file named by {@code paths} (a folder stands for its {@code *.json} files, in
     * name order) and returns how many were written. A file that is not a JSON object, or that has
     * no event name, is reported and not sent.
     */
    public int send(String accountId, @Nullable String eventName, List<Path> paths)
            throws IOException, InterruptedException {
        int sent = 0;
        for (Path file : expand(paths)) {
            String name = eventName != null ? eventName : eventNameOf(file);
            if (name == null) {
                out.printf("skipped %s: name the event with --event, or name the file like sale.created.json%n", file);
                continue;
            }
            String data = Files.readString(file, StandardCharsets.UTF_8).strip();
            String problem = problemWithData(data);
            if (problem != null) {
                out.printf("skipped %s: %s%n", file, problem);
                continue;
            }
            RecordMetadata written = write(accountId, inboundEvent(accountId, name, data));
            out.printf("sent %s from %s to %s-%d at offset %d%n", name, file.getFileName(), written.topic(),
                    written.partition(), written.offset());
            sent++;
        }
        return sent;
    }

    /** Writes {@code value} to the inbound topic as it is, keyed by {@code accountId}. */
    public RecordMetadata write(String accountId, byte[] value) throws InterruptedException {
        try {
            return producer.send(new ProducerRecord<>(topic, accountId, value)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("No Kafka broker answered at " + bootstrapServers + " within 15 s; "
                        + "is ./monitorflow run going (or --bootstrap right)?", e);
            }
            throw new IllegalStateException("Kafka did not accept the event: " + e.getCause().getMessage(), e);
        }
    }

    /** The inbound event with {@code data} embedded unchanged. */
    public static byte[] inboundEvent(String accountId, String eventName, String data) {
        var mapper = Json.mapper();
        String json = "{\"accountId\":" + mapper.writeValueAsString(accountId)
                + ",\"event\":" + mapper.writeValueAsString(eventName)
                + ",\"data\":" + data + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }

    private static @Nullable String problemWithData(String data) {
        try {
            JsonNode node = Json.mapper().readTree(data);
            return node != null && node.isObject() ? null : "the file is JSON but not an object";
        } catch (JacksonException e) {
            return "the file is not valid JSON (" + e.getOriginalMessage() + ")";
        }
    }

    private static @Nullable String eventNameOf(Path file) {
        String fileName = file.getFileName().toString();
        String base = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return EventCategory.ofEventName(base).isPresent() ? base : null;
    }

    private static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IOException("No such file or folder: " + path);
            }
        }
        return files;
    }
}
