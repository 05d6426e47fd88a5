package com.monitorflow.webhooks.ingest.validation;

/**
 * Why one inbound event was refused.
 *
 * @param code the machine-readable code
 * @param reason one sentence for a person, naming the rule broken
 */
public record Rejection(RejectionCode code, String reason) {
}
