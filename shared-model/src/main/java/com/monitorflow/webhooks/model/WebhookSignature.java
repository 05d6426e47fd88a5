package com.monitorflow.webhooks.model;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-MonitorFlow-Signature} value: the lower-case hex HMAC-SHA256 of the raw body,
 * keyed by the UTF-8 bytes of the webhook secret, as the public documentation computes it.
 */
public final class WebhookSignature {

    /** The header that carries the signature. */
    public static final String HEADER = "X-MonitorFlow-Signature";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The signature of {@code body} under {@code secret}. */
    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** Whether {@code signature} is the signature of {@code body} under {@code secret}. */
    public static boolean verify(byte[] body, String signature, String secret) {
        byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
