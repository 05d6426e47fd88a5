package com.monitorflow.webhooks.dispatch.subscription;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key webhook secrets are sealed with, bound from {@code monitorflow.secrets.*}.
 *
 * @param encryptionKey base64 of the 32-byte key shared with the registry; set it through the
 *     environment ({@code MONITORFLOW_SECRETS_ENCRYPTION_KEY}), never in a file
 */
@ConfigurationProperties("monitorflow.secrets")
public record SecretsProperties(@Nullable String encryptionKey) {
}
