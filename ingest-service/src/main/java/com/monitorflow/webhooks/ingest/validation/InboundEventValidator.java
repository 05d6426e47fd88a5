package com.monitorflow.webhooks.ingest.validation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.monitorflow.webhooks.ingest.validation.ValidationResult.Accepted;
import com.monitorflow.webhooks.ingest.validation.ValidationResult.Rejected;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.Limits;
import com.monitorflow.webhooks.model.NormalizedEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the bytes of one inbound event into a {@link NormalizedEvent} or a {@link Rejection}.
 *
 * <p>The rules, in the order they are checked:
 * <ol>
 *   <li>the value is present, valid UTF-8, one complete JSON object with no duplicate keys and no
 *       lone UTF-16 surrogate escape in any key or string;</li>
 *   <li>{@code accountId} is a string of 1 to 64 characters from {@code [A-Za-z0-9_-]} (the form of
 *       the ids the registry issues, {@code acc_…}, and of any id a producer may already use);</li>
 *   <li>{@code event} is {@code category.event_name} in lower snake case, at most 128 characters,
 *       whose category is sqs, sale or question;</li>
 *   <li>{@code data} is an object;</li>
 *   <li>{@code id}, when given, is {@code evt_} followed by 1 to 64 of {@code [A-Za-z0-9_-]}: ids
 *       ingest generates have this form, and so may the ids a producer assigns itself;</li>
 *   <li>{@code createdAt}, when given, is an ISO-8601 date-time with a zone offset or {@code Z} (any
 *       fraction precision down to nanoseconds) in years 0000 to 9999 once converted to UTC;</li>
 *   <li>no other top-level field than {@code accountId, event, data, id, createdAt} is present: an
 *       unknown field is rejected rather than dropped, so a misspelt {@code createdAt} is noticed
 *       instead of being replaced by the time of ingest without a word;</li>
 *   <li>the body dispatch will send, with the longest webhook id, is at most 262,144 UTF-8 bytes.</li>
 * </ol>
 * A malformed {@code id} or {@code createdAt} rejects the event rather than being replaced, since
 * a producer that sets them relies on them. When absent or null, a new id is generated and
 * {@code createdAt} is the time of ingest; a given {@code createdAt} is converted to UTC.
 *
 * <p>Thread-safe; never throws for any input.
 */
public final class InboundEventValidator {

    static final String ACCOUNT_ID = "accountId";
    static final String EVENT = "event";
    static final String DATA = "data";
    static final String ID = "id";
    static final String CREATED_AT = "createdAt";
    static final Set<String> ENVELOPE_FIELDS = Set.of(ACCOUNT_ID, EVENT, DATA, ID, CREATED_AT);

    /** As long as any webhook id the registry issues, so the size check covers every delivery. */
    static final String LONGEST_WEBHOOK_ID = Ids.WEBHOOK_PREFIX + "Z".repeat(26);

    private static final Pattern ACCOUNT_ID_FORM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern EVENT_ID_FORM = Pattern.compile("evt_[A-Za-z0-9_-]{1,64}");
    /** The four-digit years every receiver can read; a wider year would be written with a sign. */
    private static final Instant EARLIEST_CREATED_AT = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST_CREATED_AT = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final int MAX_EVENT_NAME_LENGTH = 128;
    private static final int MAX_QUOTED_LENGTH = 80;
    private static final int MAX_KNOWN_EVENT_NAMES = 10_000;

    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Clock clock;
    /** Valid event names seen so far, with their category; bounded, names are few in practice. */
    private final Map<String, EventCategory> knownEventNames = new ConcurrentHashMap<>();

    public InboundEventValidator(Clock clock) {
        this.clock = clock;
    }

    /** Validates {@code value}, the raw bytes of one inbound event. */
    public ValidationResult validate(byte @Nullable [] value) {
        try {
            return validateUnchecked(value);
        } catch (RuntimeException e) {
            return reject(RejectionCode.PROCESSING_FAILED,
                    "The event could not be examined (" + e.getClass().getSimpleName() + ").");
        }
    }

    private ValidationResult validateUnchecked(byte @Nullable [] value) {
        if (value == null || value.length == 0) {
            return reject(RejectionCode.EMPTY_VALUE, "The record has no value; an event must be a JSON object.");
        }
        if (!isUtf8(value)) {
            return reject(RejectionCode.INVALID_UTF8, "The value is not valid UTF-8.");
        }

        JsonNode root;
        try {
            root = READER.readTree(value);
        } catch (JacksonException e) {
            return rejectParseFailure(e);
        }
        if (root == null || root.isMissingNode()) {
            return reject(RejectionCode.NOT_JSON, "The value holds no JSON document.");
        }
        if (!(root instanceof ObjectNode envelope)) {
            return reject(RejectionCode.NOT_AN_OBJECT,
                    "The value is a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object.");
        }
        if (LoneSurrogates.containsAny(envelope)) {
            return rejectLoneSurrogate();
        }

        return validateEnvelope(envelope);
    }

    private ValidationResult validateEnvelope(ObjectNode envelope) {
        JsonNode accountId = envelope.get(ACCOUNT_ID);
        if (accountId == null || accountId.isNull()) {
            return reject(RejectionCode.MISSING_ACCOUNT_ID, "The field accountId is missing.");
        }
        if (!accountId.isString() || !ACCOUNT_ID_FORM.matcher(accountId.stringValue()).matches()) {
            return reject(RejectionCode.INVALID_ACCOUNT_ID,
                    "The field accountId must be a string of 1 to 64 characters from A-Z, a-z, 0-9, _ and -.");
        }

        JsonNode event = envelope.get(EVENT);
        if (event == null || event.isNull()) {
            return reject(RejectionCode.MISSING_EVENT, "The field event is missing.");
        }
        if (!event.isString()) {
            return reject(RejectionCode.MALFORMED_EVENT_NAME, "The event name " + quote(event)
                    + " is not category.event_name in lower snake case.");
        }
        EventCategory category = knownEventNames.get(event.stringValue());
        if (category == null) {
            Rejected rejected = checkEventName(event.stringValue());
            if (rejected != null) {
                return rejected;
            }
            category = EventCategory.ofEventName(event.stringValue()).orElseThrow();
        }

        JsonNode data = envelope.get(DATA);
        if (data == null || data.isNull()) {
            return reject(RejectionCode.MISSING_DATA, "The field data is missing.");
        }
        if (!(data instanceof ObjectNode dataObject)) {
            return reject(RejectionCode.DATA_NOT_OBJECT, "The field data must be a JSON object.");
        }

        JsonNode id = envelope.get(ID);
        if (isGiven(id) && !isEventId(id)) {
            return reject(RejectionCode.INVALID_ID, "The field id " + quote(id)
                    + " must be evt_ followed by 1 to 64 characters from A-Z, a-z, 0-9, _ and -.");
        }
        JsonNode createdAt = envelope.get(CREATED_AT);
        Instant createdAtInstant = isGiven(createdAt) ? parseCreatedAt(createdAt) : clock.instant();
        if (createdAtInstant == null) {
            return reject(RejectionCode.INVALID_CREATED_AT, "The field createdAt " + quote(createdAt)
                    + " must be an ISO-8601 date-time with a zone offset or Z in years 0000 to 9999,"
                    + " such as 2025-03-06T06:11:45Z.");
        }

        for (String field : envelope.propertyNames()) {
            if (!ENVELOPE_FIELDS.contains(field)) {
                return reject(RejectionCode.UNKNOWN_FIELD, "The field " + quote(field)
                        + " is not part of an event; allowed are accountId, event, id, createdAt and data.");
            }
        }

        String eventId = isGiven(id) ? id.stringValue() : Ids.newEventId(clock);
        var normalized = new NormalizedEvent(eventId, accountId.stringValue(), event.stringValue(),
                createdAtInstant, dataObject);
        return checkSize(normalized, category);
    }

    /**
     * Checks a name not seen before; a valid one is remembered, so the regular expressions run once
     * per distinct name rather than once per event.
     */
    private @Nullable Rejected checkEventName(String name) {
        if (name.length() > MAX_EVENT_NAME_LENGTH || !EventCategory.isWellFormedEventName(name)) {
            return reject(RejectionCode.MALFORMED_EVENT_NAME, "The event name " + quote(name)
                    + " is not category.event_name in lower snake case.");
        }
        var category = EventCategory.ofEventName(name);
        if (category.isEmpty()) {
            return reject(RejectionCode.UNKNOWN_CATEGORY, "The event name " + quote(name)
                    + " names a category other than sqs, sale or question.");
        }
        if (knownEventNames.size() < MAX_KNOWN_EVENT_NAMES) {
            knownEventNames.put(name, category.get());
        }
        return null;
    }

    private ValidationResult checkSize(NormalizedEvent event, EventCategory category) {
        byte[] json = Json.mapper().writeValueAsBytes(event);
        int bodyBytes = deliveryBodyBytes(event, json);
        if (bodyBytes > Limits.MAX_PAYLOAD_BYTES) {
            return reject(RejectionCode.PAYLOAD_TOO_LARGE, "The delivery body would be " + bodyBytes
                    + " UTF-8 bytes, more than the limit of " + Limits.MAX_PAYLOAD_BYTES + ".");
        }
        return new Accepted(event, category, json);
    }

    /**
     * The size of {@code DeliveryPayload.of(event, LONGEST_WEBHOOK_ID).toPlainBytes()}, the plain
     * UTF-8 form on which the limit is counted (dispatch sends an ASCII-escaped form only when that
     * also fits, so the limit holds for what is sent). It is derived from the
     * normalized JSON instead of serializing the event twice. Both are written by the shared mapper
     * in component order and differ only in {@code "accountId":"…",} being replaced by
     * {@code ,"webhookId":"…"}; neither id needs escaping, given their allowed characters.
     * {@code InboundEventValidatorTest} checks the two sizes agree.
     */
    static int deliveryBodyBytes(NormalizedEvent event, byte[] normalizedJson) {
        int accountIdMember = "\"accountId\":\"\",".length() + event.accountId().length();
        int webhookIdMember = ",\"webhookId\":\"\"".length() + LONGEST_WEBHOOK_ID.length();
        return normalizedJson.length - accountIdMember + webhookIdMember;
    }

    /** Whether an optional field has a value; absent and null both leave it to ingest. */
    private static boolean isGiven(@Nullable JsonNode field) {
        return field != null && !field.isNull();
    }

    private static boolean isEventId(JsonNode id) {
        return id.isString() && EVENT_ID_FORM.matcher(id.stringValue()).matches();
    }

    /** The instant {@code createdAt} names, or null when it is not a date-time with an offset. */
    private static @Nullable Instant parseCreatedAt(JsonNode createdAt) {
        if (!createdAt.isString()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(createdAt.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        boolean fourDigitYear = !instant.isBefore(EARLIEST_CREATED_AT) && !instant.isAfter(LATEST_CREATED_AT);
        return fourDigitYear ? instant : null;
    }

    private static ValidationResult rejectParseFailure(JacksonException e) {
        if (e instanceof UnexpectedEndOfInputException) {
            return reject(RejectionCode.TRUNCATED_JSON, "The JSON document ends before it is complete.");
        }
        if (e instanceof StreamConstraintsException) {
            return reject(RejectionCode.JSON_TOO_COMPLEX,
                    "The JSON document exceeds the parser's limits on nesting or number length.");
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate Object property")) {
            return reject(RejectionCode.DUPLICATE_KEY, "An object in the JSON document repeats a key.");
        }
        if (message.contains("surrogate")) {
            // The parser refuses lone surrogates in keys itself; strings are checked after parsing.
            return rejectLoneSurrogate();
        }
        return reject(RejectionCode.NOT_JSON, "The value is not a single JSON document.");
    }

    private static Rejected rejectLoneSurrogate() {
        return reject(RejectionCode.LONE_SURROGATE,
                "A string or key holds a lone UTF-16 surrogate, which cannot be sent as UTF-8.");
    }

    private static boolean isUtf8(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return decodesAsUtf8(value);
            }
        }
        return true;
    }

    private static boolean decodesAsUtf8(byte[] value) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String quote(JsonNode node) {
        return node.isString() ? quote(node.stringValue()) : "of type " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** A producer-supplied text cut to a readable length, for a reason sentence. */
    private static String quote(String text) {
        String shown = text.length() > MAX_QUOTED_LENGTH ? text.substring(0, MAX_QUOTED_LENGTH) + "…" : text;
        return "'" + shown + "'";
    }

    private static Rejected reject(RejectionCode code, String reason) {
        return new Rejected(new Rejection(code, reason));
    }
}
