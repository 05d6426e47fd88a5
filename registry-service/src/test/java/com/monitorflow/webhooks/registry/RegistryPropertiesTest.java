package com.monitorflow.webhooks.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistryPropertiesTest {

    @Test
    void missingAdminKeyStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new RegistryProperties(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MONITORFLOW_REGISTRY_ADMIN_KEY");
        assertThatThrownBy(() -> new RegistryProperties("short"))
                .hasMessageContaining("too short");
    }

    @Test
    void missingEncryptionKeyStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new SecretsProperties(" "))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MONITORFLOW_SECRETS_ENCRYPTION_KEY");
    }

    @Test
    void anUnusableEncryptionKeyIsExplained() {
        assertThatThrownBy(() -> new RegistryConfiguration().secretCipher(new SecretsProperties("c2hvcnQ=")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("monitorflow.secrets.encryption-key")
                .hasMessageContaining("32 bytes");
        assertThat(new RegistryProperties("  0123456789abcdef  ").requiredAdminKey()).isEqualTo("0123456789abcdef");
    }
}
