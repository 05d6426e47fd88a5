package com.monitorflow.webhooks.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Identifiers of the product. Event, webhook and account ids are a prefix and 26 characters of
 * Crockford base32: 48 bits of milliseconds since the epoch followed by 80 random bits, so ids
 * sort by creation time. Delivery ids are derived from the event and webhook, so every retry and
 * every duplicate of one delivery carries the same id.
 */
public final class Ids {

    public static final String EVENT_PREFIX = "evt_";
    public static final String WEBHOOK_PREFIX = "whk_";
    public static final String ACCOUNT_PREFIX = "acc_";
    public static final String DELIVERY_PREFIX = "dlv_";

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern SORTABLE_SUFFIX = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new event id, {@code evt_} and a time-sortable suffix. */
    public static String newEventId(Clock clock) {
        return EVENT_PREFIX + sortableSuffix(clock.millis());
    }

    /** A new webhook id, {@code whk_} and a time-sortable suffix. */
    public static String newWebhookId(Clock clock) {
        return WEBHOOK_PREFIX + sortableSuffix(clock.millis());
    }

    /** A new account id, {@code acc_} and a time-sortable suffix. */
    public static String newAccountId(Clock clock) {
        return ACCOUNT_PREFIX + sortableSuffix(clock.millis());
    }

    /** Whether {@code id} is {@code prefix} followed by a time-sortable suffix. */
    public static boolean isSortableId(String prefix, String id) {
        return id.startsWith(prefix) && SORTABLE_SUFFIX.matcher(id.substring(prefix.length())).matches();
    }

    /**
     * The delivery id of {@code eventId} to {@code webhookId}: the same inputs always give the same
     * id, so a receiver can use it to drop duplicates.
     */
    public static String deliveryId(String eventId, String webhookId) {
        byte[] digest = sha256(eventId + '\n' + webhookId);
        return DELIVERY_PREFIX + base32(digest, 26);
    }

    static String sortableSuffix(long epochMillis) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (epochMillis >>> (40 - 8 * i));
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, bytes, 6, 10);
        return base32(bytes, 26);
    }

    /** The first {@code length} base32 characters of {@code bytes}, most significant bits first. */
    private static String base32(byte[] bytes, int length) {
        var out = new StringBuilder(length);
        int totalBits = bytes.length * 8;
        // 26 characters cover 130 bits; the 128 bits of the input are right-aligned in them.
        int offset = length * 5 - totalBits;
        for (int i = 0; i < length; i++) {
            int value = 0;
            for (int b = 0; b < 5; b++) {
                int bit = i * 5 + b - offset;
                value <<= 1;
                if (bit >= 0 && bit < totalBits) {
                    value |= (bytes[bit / 8] >>> (7 - bit % 8)) & 1;
                }
            }
            out.append(ALPHABET[value]);
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
