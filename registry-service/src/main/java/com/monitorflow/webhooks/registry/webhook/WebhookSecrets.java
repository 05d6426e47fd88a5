package com.monitorflow.webhooks.registry.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/** Signing secrets: {@code whsec_} and 32 random bytes in base64url, without padding. */
final class WebhookSecrets {

    static final String PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    static String generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
