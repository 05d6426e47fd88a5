package com.monitorflow.webhooks.ingest.validation;

import java.nio.charset.StandardCharsets;

/**
 * Builds inbound events whose delivery body has an exact size in UTF-8 bytes, using characters of
 * one, two, three and four bytes so that bytes and characters differ.
 */
public final class EventSizes {

    private static final String MULTI_BYTE = "\u00e9\u20ac\uD83D\uDE00";   // 2 + 3 + 4 bytes
    private static final String ENVELOPE = "{\"accountId\":\"%s\",\"event\":\"sale.created\","
            + "\"id\":\"evt_size_check\",\"createdAt\":\"2025-03-06T06:11:45.123Z\",\"data\":{\"note\":\"%s\"}}";
    /**
     * The delivery body of {@link #ENVELOPE} with an empty note and a 30-character webhook id:
     * {"id":"evt_size_check","event":"sale.created","createdAt":"2025-03-06T06:11:45.123Z",
     * "data":{"note":""},"webhookId":"whk_" + 26 characters}.
     */
    private static final int EMPTY_BODY_BYTES = ("{\"id\":\"evt_size_check\",\"event\":\"sale.created\","
            + "\"createdAt\":\"2025-03-06T06:11:45.123Z\",\"data\":{\"note\":\"\"},\"webhookId\":\"whk_"
            + "0".repeat(26) + "\"}").length();

    private EventSizes() {
    }

    /** An inbound event whose delivery body is exactly {@code bodyBytes} UTF-8 bytes long. */
    public static byte[] eventWithDeliveryBodyOf(int bodyBytes, String accountId) {
        return String.format(ENVELOPE, accountId, noteOf(bodyBytes - EMPTY_BODY_BYTES))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String noteOf(int utf8Bytes) {
        int groupBytes = MULTI_BYTE.getBytes(StandardCharsets.UTF_8).length;
        var note = new StringBuilder();
        int groups = utf8Bytes / groupBytes;
        note.append(MULTI_BYTE.repeat(groups));
        note.append("a".repeat(utf8Bytes - groups * groupBytes));
        return note.toString();
    }
}
