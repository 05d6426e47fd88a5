package com.monitorflow.webhooks.model;

import java.time.Duration;

/** The limits the public documentation promises to customers. */
public final class Limits {

    /** The largest delivery body, in UTF-8 bytes: 256 KB. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Deliveries in flight at once per account, across all dispatch instances. */
    public static final int MAX_IN_FLIGHT_PER_ACCOUNT = 10;
    /** An attempt that has not received a 2xx within this time has failed. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** Retries after the first attempt. */
    public static final int MAX_RETRIES = 5;
    /** How long the delivery log keeps attempts. */
    public static final Duration DELIVERY_LOG_RETENTION = Duration.ofDays(7);

    private Limits() {
    }
}
