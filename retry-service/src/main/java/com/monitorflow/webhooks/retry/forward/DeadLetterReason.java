package com.monitorflow.webhooks.retry.forward;

/**
 * Why a record went to the dead-letter topic; written as the value of the
 * {@link com.monitorflow.webhooks.model.RejectionHeaders#CODE} header of the dead letter.
 */
public enum DeadLetterReason {

    /** The initial attempt and every retry failed. */
    RETRIES_EXHAUSTED,

    /** The record's key or {@code mf-*} headers are missing or malformed, so it cannot be scheduled. */
    UNREADABLE_RECORD
}
