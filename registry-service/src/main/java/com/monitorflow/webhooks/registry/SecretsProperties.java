package com.monitorflow.webhooks.registry;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key webhook secrets are sealed with, bound from {@code monitorflow.secrets.*}.
 *
 * @param encryptionKey base64 of 32 random bytes, shared with dispatch, which opens the secrets to
 *     sign deliveries; set it through the environment ({@code MONITORFLOW_SECRETS_ENCRYPTION_KEY});
 *     there is no default, and the service refuses to start without one
 */
@ConfigurationProperties("monitorflow.secrets")
public record SecretsProperties(@Nullable String encryptionKey) {

    public SecretsProperties {
        if (encryptionKey == null || encryptionKey.isBlank()) {
            throw new IllegalStateException("monitorflow.secrets.encryption-key is not set: give base64 of 32 "
                    + "random bytes through the environment variable MONITORFLOW_SECRETS_ENCRYPTION_KEY");
        }
    }

    /** The key, never null once bound. */
    public String requiredEncryptionKey() {
        return java.util.Objects.requireNonNull(encryptionKey);
    }
}
