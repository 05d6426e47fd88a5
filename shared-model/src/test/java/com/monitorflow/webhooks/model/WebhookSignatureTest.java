package com.monitorflow.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void signatureIsLowerCaseHexHmacOfTheRawUtf8Bytes() {
        byte[] body = "{\"a\":\"\u2014\"}".getBytes(StandardCharsets.UTF_8);

        String signature = WebhookSignature.sign(body, "whsec_test");

        // openssl dgst -sha256 -hmac whsec_test over the same bytes
        assertThat(signature).isEqualTo("dfea268c2772df1dc07c23937f8918858c26144cd0dc73095093b6a1b38d09db");
    }

    @Test
    void verifyRejectsATamperedBodyAndAnotherSecret() {
        byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(body, "s1");

        assertThat(WebhookSignature.verify(body, signature, "s1")).isTrue();
        assertThat(WebhookSignature.verify(body, signature, "s2")).isFalse();
        assertThat(WebhookSignature.verify("{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8), signature, "s1"))
                .isFalse();
    }
}
