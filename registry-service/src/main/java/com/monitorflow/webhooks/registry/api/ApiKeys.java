package com.monitorflow.webhooks.registry.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Account API keys: {@code mfk_} and 32 random bytes in base64url. Only the SHA-256 of a key is
 * stored; with 256 bits of entropy a plain hash is enough, no slow password hash is needed.
 */
public final class ApiKeys {

    public static final String PREFIX = "mfk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new account API key. */
    public static String generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The lower-case hex SHA-256 of {@code key}, which is what the database holds. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** Whether {@code presented} equals {@code expected}, in time independent of where they differ. */
    public static boolean matches(String presented, String expected) {
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
