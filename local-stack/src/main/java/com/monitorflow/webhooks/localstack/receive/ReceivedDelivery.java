package com.monitorflow.webhooks.localstack.receive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One request as the receiver saw it.
 *
 * @param body the raw body bytes
 * @param headers the request headers, names in lower case
 * @param signatureValid whether {@code X-MonitorFlow-Signature} matched the raw body
 * @param answeredStatus the status the receiver answered with
 * @param receivedAt when the request arrived
 */
public record ReceivedDelivery(
        byte[] body, Map<String, String> headers, boolean signatureValid, int answeredStatus, Instant receivedAt) {

    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
