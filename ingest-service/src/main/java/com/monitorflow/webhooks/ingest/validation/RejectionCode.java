package com.monitorflow.webhooks.ingest.validation;

/**
 * Why an inbound event was not accepted. The name is the machine-readable code written to the
 * {@code mf-reject-code} header of {@code events.rejected} and to the {@code code} member of an
 * HTTP problem; it never changes once published.
 */
public enum RejectionCode {
    /** The record has no value, or an empty one. */
    EMPTY_VALUE(400),
    /** The value is not valid UTF-8. */
    INVALID_UTF8(400),
    /** The value is not JSON at all, or has content after the JSON document. */
    NOT_JSON(400),
    /** The value is the start of a JSON document that ends too early. */
    TRUNCATED_JSON(400),
    /** An object in the value names the same key twice. */
    DUPLICATE_KEY(400),
    /** The JSON nests deeper or holds longer numbers than the parser accepts. */
    JSON_TOO_COMPLEX(400),
    /** The value is JSON but not an object. */
    NOT_AN_OBJECT(400),
    /** A string or key holds a lone UTF-16 surrogate escape, which no UTF-8 text can carry. */
    LONE_SURROGATE(400),
    /** {@code accountId} is absent or null. */
    MISSING_ACCOUNT_ID(400),
    /** {@code accountId} is not a string, is blank, or has a character or length outside the allowed form. */
    INVALID_ACCOUNT_ID(400),
    /** {@code event} is absent or null. */
    MISSING_EVENT(400),
    /** {@code event} is not a string of the form {@code category.event_name} in lower snake case. */
    MALFORMED_EVENT_NAME(400),
    /** {@code event} is well formed but its category is not sqs, sale or question. */
    UNKNOWN_CATEGORY(400),
    /** {@code data} is absent or null. */
    MISSING_DATA(400),
    /** {@code data} is not a JSON object. */
    DATA_NOT_OBJECT(400),
    /** {@code id} is given but is not {@code evt_} followed by 1 to 64 characters from {@code [A-Za-z0-9_-]}. */
    INVALID_ID(400),
    /** {@code createdAt} is given but is not an ISO-8601 date-time with a zone offset, in years 0000 to 9999. */
    INVALID_CREATED_AT(400),
    /** The object has a top-level field that the envelope does not define. */
    UNKNOWN_FIELD(400),
    /** The delivery body would be larger than 262,144 UTF-8 bytes. */
    PAYLOAD_TOO_LARGE(413),
    /** The service failed while examining the value; the record is kept for inspection. */
    PROCESSING_FAILED(500);

    private final int httpStatus;

    RejectionCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status {@code POST /v1/events} answers with for this code. */
    public int httpStatus() {
        return httpStatus;
    }
}
