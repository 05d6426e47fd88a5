package com.monitorflow.webhooks.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The delivery bodies of one event for any number of webhooks, with the event serialized once.
 * Since the webhook id is the last field of a {@link DeliveryPayload}, every body is the same
 * prefix followed by its own id; {@link #bodyFor} gives exactly the bytes of
 * {@code DeliveryPayload.of(event, webhookId).toBytes()}, non-ASCII characters escaped.
 *
 * <p>{@link #read} builds the bodies straight from the bytes of an event record without building
 * its {@code data} as a tree: the object is copied as written, with non-ASCII characters escaped,
 * which is the same JSON and, for a record the shared mapper wrote, the same bytes. Instances are
 * immutable and safe to share between threads.
 */
public final class DeliveryBodies {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Room for the webhook id kept below the limit by a spliced body; webhook ids are about 30 bytes. */
    private static final int SPLICE_MARGIN = 1024;

    private final String eventId;
    private final String accountId;
    private final String event;
    private final Instant createdAt;
    /** The body up to and including {@code "webhookId":}, non-ASCII characters escaped. */
    private final byte[] prefix;

    private DeliveryBodies(String eventId, String accountId, String event, Instant createdAt, byte[] prefix) {
        this.eventId = eventId;
        this.accountId = accountId;
        this.event = event;
        this.createdAt = createdAt;
        this.prefix = prefix;
    }

    /**
     * The bodies of {@code event}, serialized through the shared mapper.
     *
     * @throws IllegalArgumentException if a field of {@code event} is null
     */
    public static DeliveryBodies of(NormalizedEvent event) {
        // The mapper leaves absent fields of a record null rather than refusing it.
        if (event.id() == null || event.accountId() == null || event.event() == null || event.createdAt() == null
                || event.data() == null) {
            throw new IllegalArgumentException("The event lacks one of id, accountId, event, createdAt and data");
        }
        byte[] body = DeliveryPayload.of(event, "").toBytes();
        return new DeliveryBodies(event.id(), event.accountId(), event.event(), event.createdAt(),
                withoutEmptyId(body));
    }

    /**
     * The bodies of the event record {@code value} of a category topic (a {@link NormalizedEvent}
     * as JSON). Records that do not have the usual form, such as a {@code data} that is not an
     * object, or whose spliced body would come near the size limit, are read through the mapper
     * instead.
     *
     * @throws JacksonException if {@code value} is not JSON of the shape of a normalized event
     * @throws IllegalArgumentException if a field of the event is missing or null, or its text is
     *     not valid UTF-8
     */
    public static DeliveryBodies read(byte[] value) {
        DeliveryBodies spliced = splice(value);
        return spliced != null ? spliced : of(Json.mapper().readValue(value, NormalizedEvent.class));
    }

    public String eventId() {
        return eventId;
    }

    public String accountId() {
        return accountId;
    }

    /** The event name, such as {@code sale.created}. */
    public String event() {
        return event;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The exact bytes sent to {@code webhookId}. */
    public byte[] bodyFor(String webhookId) {
        return concat(prefix, quoted(webhookId));
    }

    private static byte[] concat(byte[] prefix, byte[] quotedId) {
        byte[] body = Arrays.copyOf(prefix, prefix.length + quotedId.length + 1);
        System.arraycopy(quotedId, 0, body, prefix.length, quotedId.length);
        body[body.length - 1] = '}';
        return body;
    }

    /** Drops the {@code ""}} that an empty webhook id leaves at the end of a body. */
    private static byte[] withoutEmptyId(byte[] body) {
        return Arrays.copyOf(body, body.length - 3);
    }

    /** {@code text} as a JSON string, quotes included, non-ASCII characters escaped. */
    private static byte[] quoted(String text) {
        if (isVerbatim(text)) {
            byte[] quoted = new byte[text.length() + 2];
            quoted[0] = '"';
            text.getBytes(0, text.length(), quoted, 1);
            quoted[quoted.length - 1] = '"';
            return quoted;
        }
        return DeliveryPayload.ASCII_WRITER.writeValueAsBytes(text);
    }

    /** Whether JSON writes {@code text} as is: printable ASCII without quote or backslash. */
    private static boolean isVerbatim(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The bodies read from the record's own bytes, or null when it has not the usual form. */
    private static @Nullable DeliveryBodies splice(byte[] value) {
        String id = null;
        String accountId = null;
        String event = null;
        String createdAt = null;
        int dataStart = -1;
        int dataEnd = -1;
        try (JsonParser parser = Json.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "id" -> id = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "accountId" -> accountId = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "event" -> event = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "createdAt" -> createdAt = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "data" -> {
                        if (token != JsonToken.START_OBJECT) {
                            return null;
                        }
                        dataStart = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        dataEnd = (int) parser.currentLocation().getByteOffset();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
        } catch (JacksonException e) {
            return null;
        }
        if (id == null || accountId == null || event == null || createdAt == null || dataStart < 0
                || dataEnd <= dataStart || value[dataStart] != '{' || value[dataEnd - 1] != '}') {
            return null;
        }
        return splice(id, accountId, event, createdAt, value, dataStart, dataEnd);
    }

    private static @Nullable DeliveryBodies splice(String id, String accountId, String event, String createdAt, byte[] value,
            int dataStart, int dataEnd) {
        Instant created;
        try {
            created = Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            return null;
        }
        byte[] prefix = prefix(id, event, created, value, dataStart, dataEnd);
        if (prefix.length + SPLICE_MARGIN > Limits.MAX_PAYLOAD_BYTES) {
            // Near the limit, a record written with other spacing than the mapper's would make a
            // body of another size than the mapper's; such a record is read through the mapper.
            return null;
        }
        return new DeliveryBodies(id, accountId, event, created, prefix);
    }

    /**
     * The body up to the webhook id with the data object {@code value[dataStart, dataEnd)} copied,
     * non-ASCII characters escaped.
     */
    private static byte[] prefix(String id, String event, Instant createdAt, byte[] value, int dataStart,
            int dataEnd) {
        var out = new ByteArrayOutputStream(dataEnd - dataStart + 160);
        out.writeBytes("{\"id\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(quoted(id));
        out.writeBytes(",\"event\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(quoted(event));
        out.writeBytes(",\"createdAt\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(quoted(createdAt.toString()));
        out.writeBytes(",\"data\":".getBytes(StandardCharsets.US_ASCII));
        if (!escapeNonAscii(value, dataStart, dataEnd, out)) {
            throw new IllegalArgumentException("The event's data is not valid UTF-8");
        }
        out.writeBytes(",\"webhookId\":".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * Copies JSON text from {@code bytes}, writing each non-ASCII character as a six-character
     * escape such as <code>&#92;u00E9</code> (two for a character beyond the Basic Multilingual
     * Plane). Non-ASCII bytes occur only inside strings, so the result is the same JSON. False when
     * the text is not valid UTF-8.
     */
    private static boolean escapeNonAscii(byte[] bytes, int from, int to, ByteArrayOutputStream out) {
        int copied = from;
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            out.write(bytes, copied, i - copied);
            int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
            int codePoint = decode(bytes, i, to, length);
            if (codePoint < 0) {
                return false;
            }
            if (Character.isBmpCodePoint(codePoint)) {
                writeEscape(out, codePoint);
            } else {
                writeEscape(out, Character.highSurrogate(codePoint));
                writeEscape(out, Character.lowSurrogate(codePoint));
            }
            i += length;
            copied = i;
        }
        out.write(bytes, copied, to - copied);
        return true;
    }

    /** The code point of the {@code length}-byte UTF-8 sequence at {@code at}, or -1 if it is not one. */
    private static int decode(byte[] bytes, int at, int to, int length) {
        int lead = bytes[at] & 0xff;
        if (at + length > to || lead < 0xc2 || lead > 0xf4) {
            return -1;
        }
        int codePoint = lead & (0xff >> (length + 1));
        for (int k = 1; k < length; k++) {
            int next = bytes[at + k] & 0xff;
            if ((next & 0xc0) != 0x80) {
                return -1;
            }
            codePoint = (codePoint << 6) | (next & 0x3f);
        }
        int smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
        boolean valid = codePoint >= smallest && codePoint <= Character.MAX_CODE_POINT
                && !(codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
        return valid ? codePoint : -1;
    }

    private static void writeEscape(ByteArrayOutputStream out, int c) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >> 12) & 0xf]);
        out.write(HEX[(c >> 8) & 0xf]);
        out.write(HEX[(c >> 4) & 0xf]);
        out.write(HEX[c & 0xf]);
    }
}
