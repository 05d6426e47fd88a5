package com.monitorflow.webhooks.model;

/**
 * Headers that ingest adds to a record on {@code events.rejected}. The value and the producer's
 * own headers are kept as they arrived.
 */
public final class RejectionHeaders {

    /** A machine-readable reason, such as {@code NOT_JSON} or {@code PAYLOAD_TOO_LARGE}. */
    public static final String CODE = "mf-reject-code";
    /** One sentence saying what was wrong. */
    public static final String REASON = "mf-reject-reason";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "mf-source-topic";
    /** The partition the record was read from, decimal. */
    public static final String SOURCE_PARTITION = "mf-source-partition";
    /** The offset the record was read at, decimal. */
    public static final String SOURCE_OFFSET = "mf-source-offset";

    private RejectionHeaders() {
    }
}
