package com.monitorflow.webhooks.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.monitorflow.webhooks.ingest.validation.ValidationResult.Accepted;
import com.monitorflow.webhooks.ingest.validation.ValidationResult.Rejected;
import com.monitorflow.webhooks.model.DeliveryPayload;
import com.monitorflow.webhooks.model.EventCategory;
import com.monitorflow.webhooks.model.Ids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboundEventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final InboundEventValidator validator = new InboundEventValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsMinimalEventAndFillsIdAndCreatedAt() {
        Accepted accepted = accept("{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{}}");

        assertThat(accepted.event().id()).matches("evt_[0-9A-Z]{26}");
        assertThat(Ids.isSortableId(Ids.EVENT_PREFIX, accepted.event().id())).isTrue();
        assertThat(accepted.event().createdAt()).isEqualTo(NOW);
        assertThat(accepted.event().category()).isEqualTo(EventCategory.SALE);
        assertThat(text(accepted.json())).isEqualTo("{\"id\":\"" + accepted.event().id()
                + "\",\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"createdAt\":\"2026-01-02T03:04:05Z\",\"data\":{}}");
    }

    @Test
    void keepsValidIdAndConvertsCreatedAtToUtcWithNanoseconds() {
        Accepted accepted = accept("{\"accountId\":\"acc_1\",\"event\":\"question.asked\",\"id\":\"evt_My-id_1\","
                + "\"createdAt\":\"2025-03-06T08:11:45.123456789+02:00\",\"data\":{}}");

        assertThat(accepted.event().id()).isEqualTo("evt_My-id_1");
        assertThat(accepted.event().createdAt()).isEqualTo(Instant.parse("2025-03-06T06:11:45.123456789Z"));
        assertThat(text(accepted.json())).contains("\"createdAt\":\"2025-03-06T06:11:45.123456789Z\"");
    }

    @Test
    void generatesIdAndCreatedAtWhenTheyAreNull() {
        Accepted accepted = accept("{\"accountId\":\"acc_1\",\"event\":\"sqs.queue_created\",\"id\":null,"
                + "\"createdAt\":null,\"data\":{}}");

        assertThat(Ids.isSortableId(Ids.EVENT_PREFIX, accepted.event().id())).isTrue();
        assertThat(accepted.event().createdAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"evt_\"", "\"evt_a b\"", "\"not-an-evt\"", "\"EVT_1\"", "\"\"", "42",
            "{}", "\"evt_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\""})
    void rejectsMalformedId(String id) {
        Rejection rejection = reject(("{\"accountId\":\"acc_1\",\"event\":\"sqs.queue_created\",\"id\":" + id
                + ",\"data\":{}}").getBytes(StandardCharsets.UTF_8));

        assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_ID);
        assertThat(rejection.reason()).startsWith("The field id ").endsWith(".");
    }

    @Test
    void acceptsIdOfSixtyFourCharactersAfterThePrefix() {
        String id = "evt_" + "x".repeat(64);

        Accepted accepted = accept("{\"accountId\":\"acc_1\",\"event\":\"sqs.queue_created\",\"id\":\"" + id
                + "\",\"data\":{}}");

        assertThat(accepted.event().id()).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"2025-03-06 06:11:45\"", "\"2025-03-06T06:11:45\"", "\"yesterday\"",
            "\"2025-13-06T06:11:45Z\"", "\"2025-02-30T06:11:45Z\"", "\"2025-03-06\"", "\"\"", "1741241505",
            "\"+10000-01-01T00:00:00Z\"", "\"9999-12-31T23:00:00-05:00\""})
    void rejectsMalformedCreatedAt(String createdAt) {
        Rejection rejection = reject(("{\"accountId\":\"acc_1\",\"event\":\"sqs.queue_created\",\"createdAt\":"
                + createdAt + ",\"data\":{}}").getBytes(StandardCharsets.UTF_8));

        assertThat(rejection.code()).isEqualTo(RejectionCode.INVALID_CREATED_AT);
        assertThat(rejection.reason()).startsWith("The field createdAt ").endsWith(".");
    }

    @Test
    void keepsNumbersKeyOrderAndNonAsciiText() {
        String data = "{\"z\":1,\"a\":123456789012345678901234567890,\"big\":9007199254740993,"
                + "\"f\":1.10,\"e\":1.5E+300,\"s\":\"h\u00e9llo \uD83D\uDE00 \u20ac\",\"n\":[3,2,1]}";

        Accepted accepted = accept("{\"accountId\":\"acc_1\",\"event\":\"sale.completed\",\"data\":" + data + "}");

        assertThat(text(accepted.json())).endsWith("\"data\":" + data + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"a\":1}' | TRUNCATED_JSON",
            "'{\"accountId\":\"acc_1\",\"ev' | TRUNCATED_JSON",
            "'hello' | NOT_JSON",
            "'{\"a\":1} {\"b\":2}' | NOT_JSON",
            "'   ' | NOT_JSON",
            "'[1,2]' | NOT_AN_OBJECT",
            "'\"text\"' | NOT_AN_OBJECT",
            "'{\"accountId\":\"acc_1\",\"accountId\":\"acc_2\"}' | DUPLICATE_KEY",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"t\":\"\\ud800\"}}' | LONE_SURROGATE",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"\\udc00x\":1}}' | LONE_SURROGATE",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"t\":[\"\\ud83d\\u0041\"]}}' | LONE_SURROGATE",
            "'{\"event\":\"sale.created\",\"data\":{}}' | MISSING_ACCOUNT_ID",
            "'{\"accountId\":null,\"event\":\"sale.created\",\"data\":{}}' | MISSING_ACCOUNT_ID",
            "'{\"accountId\":\"  \",\"event\":\"sale.created\",\"data\":{}}' | INVALID_ACCOUNT_ID",
            "'{\"accountId\":\"\",\"event\":\"sale.created\",\"data\":{}}' | INVALID_ACCOUNT_ID",
            "'{\"accountId\":7,\"event\":\"sale.created\",\"data\":{}}' | INVALID_ACCOUNT_ID",
            "'{\"accountId\":\"acc 1\",\"event\":\"sale.created\",\"data\":{}}' | INVALID_ACCOUNT_ID",
            "'{\"accountId\":\"acc_1\",\"data\":{}}' | MISSING_EVENT",
            "'{\"accountId\":\"acc_1\",\"event\":\"Sale.Created\",\"data\":{}}' | MALFORMED_EVENT_NAME",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale\",\"data\":{}}' | MALFORMED_EVENT_NAME",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created.twice\",\"data\":{}}' | MALFORMED_EVENT_NAME",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.Created\",\"data\":{}}' | MALFORMED_EVENT_NAME",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created__x\",\"data\":{}}' | MALFORMED_EVENT_NAME",
            "'{\"accountId\":\"acc_1\",\"event\":5,\"data\":{}}' | MALFORMED_EVENT_NAME",
            "'{\"accountId\":\"acc_1\",\"event\":\"order.created\",\"data\":{}}' | UNKNOWN_CATEGORY",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\"}' | MISSING_DATA",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":null}' | MISSING_DATA",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":[1]}' | DATA_NOT_OBJECT",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":\"x\"}' | DATA_NOT_OBJECT",
            "'{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{},\"created_at\":\"x\"}' | UNKNOWN_FIELD",
    })
    void rejects(String value, RejectionCode code) {
        Rejection rejection = reject(value.getBytes(StandardCharsets.UTF_8));

        assertThat(rejection.code()).isEqualTo(code);
        assertThat(rejection.reason()).isNotBlank().endsWith(".");
    }

    @Test
    void rejectsNullAndEmptyValues() {
        assertThat(reject(null).code()).isEqualTo(RejectionCode.EMPTY_VALUE);
        assertThat(reject(new byte[0]).code()).isEqualTo(RejectionCode.EMPTY_VALUE);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] value = "{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"t\":\"XX\"}}"
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(value, StandardCharsets.UTF_8).indexOf("XX");
        value[at] = (byte) 0xC3;
        value[at + 1] = (byte) 0x28;

        assertThat(reject(value).code()).isEqualTo(RejectionCode.INVALID_UTF8);
    }

    @Test
    void rejectsEncodedSurrogateBytes() {
        byte[] value = "{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"t\":\"ABC\"}}"
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(value, StandardCharsets.UTF_8).indexOf("ABC");
        value[at] = (byte) 0xED;
        value[at + 1] = (byte) 0xA0;
        value[at + 2] = (byte) 0x80;

        assertThat(reject(value).code()).isEqualTo(RejectionCode.INVALID_UTF8);
    }

    @Test
    void rejectsNumbersBeyondParserLimits() {
        String huge = "1".repeat(5000);

        Rejection rejection = reject(("{\"accountId\":\"acc_1\",\"event\":\"sale.created\",\"data\":{\"n\":" + huge + "}}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(rejection.code()).isEqualTo(RejectionCode.JSON_TOO_COMPLEX);
    }

    @Test
    void acceptsDeliveryBodyOfExactlyTheLimitAndRejectsOneByteMore() {
        byte[] atLimit = EventSizes.eventWithDeliveryBodyOf(262_144, "acc_size");
        byte[] overLimit = EventSizes.eventWithDeliveryBodyOf(262_145, "acc_size");

        Accepted accepted = (Accepted) validator.validate(atLimit);
        Rejection rejection = reject(overLimit);

        assertThat(DeliveryPayload.of(accepted.event(), Ids.newWebhookId(Clock.systemUTC())).toPlainBytes())
                .hasSize(262_144);
        assertThat(rejection.code()).isEqualTo(RejectionCode.PAYLOAD_TOO_LARGE);
        assertThat(rejection.reason()).contains("262145");
    }

    @Test
    void derivedDeliveryBodySizeEqualsTheSerializedPayload() {
        Accepted accepted = accept("{\"accountId\":\"acc_Z-9\",\"event\":\"sale.created\",\"createdAt\":"
                + "\"2025-03-06T06:11:45.5+01:00\",\"data\":{\"t\":\"\u00e9\\n\\u0001\\\"\",\"n\":1.50}}");

        int serialized = DeliveryPayload.of(accepted.event(), InboundEventValidator.LONGEST_WEBHOOK_ID)
                .toPlainBytes().length;

        assertThat(InboundEventValidator.deliveryBodyBytes(accepted.event(), accepted.json())).isEqualTo(serialized);
    }

    private Accepted accept(String value) {
        ValidationResult result = validator.validate(value.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(Accepted.class);
        return (Accepted) result;
    }

    private Rejection reject(byte[] value) {
        ValidationResult result = validator.validate(value);
        assertThat(result).isInstanceOf(Rejected.class);
        return ((Rejected) result).rejection();
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
