package com.monitorflow.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    @Test
    void sealedSecretOpensOnlyUnderItsKey() {
        var cipher = new SecretCipher(SecretCipher.generateKey());
        var other = new SecretCipher(SecretCipher.generateKey());

        String sealed = cipher.seal("whsec_abc");

        assertThat(sealed).startsWith("v1:").doesNotContain("whsec_abc");
        assertThat(cipher.open(sealed)).isEqualTo("whsec_abc");
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyMustBe32Bytes() {
        assertThatThrownBy(() -> new SecretCipher("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }
}
