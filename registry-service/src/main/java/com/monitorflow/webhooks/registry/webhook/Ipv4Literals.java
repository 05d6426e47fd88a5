package com.monitorflow.webhooks.registry.webhook;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads every spelling of an IPv4 address that URL parsers and resolvers accept: one to four
 * dot-separated parts, each decimal, octal (leading {@code 0}) or hexadecimal ({@code 0x}), the
 * last part filling the remaining bytes ({@code 127.1}, {@code 2130706433}, {@code 0x7f.0.0.1},
 * {@code 0177.0.0.1}). Reading them here, rather than letting a resolver do it, means a URL
 * cannot hide a forbidden address behind an unusual spelling.
 */
final class Ipv4Literals {

    private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)0x[0-9a-f]*|[0-9]+");

    private Ipv4Literals() {
    }

    /** Whether {@code host} ends in a numeric label, so that it can only be read as an IPv4 address. */
    static boolean looksNumeric(String host) {
        String[] labels = host.split("\\.", -1);
        return NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches();
    }

    /** The four bytes {@code host} spells, or empty when it is not an IPv4 literal in any spelling. */
    static Optional<byte[]> parse(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = number(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        return combine(values);
    }

    private static Optional<byte[]> combine(long[] values) {
        int last = values.length - 1;
        long address = 0;
        for (int i = 0; i < last; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
            address |= values[i] << (8 * (3 - i));
        }
        long maxLast = (1L << (8 * (4 - last))) - 1;
        if (values[last] > maxLast) {
            return Optional.empty();
        }
        address |= values[last];
        return Optional.of(new byte[] {
            (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }

    private static Optional<Long> number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return Optional.empty();
        }
        try {
            if (part.regionMatches(true, 0, "0x", 0, 2)) {
                return Optional.of(part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16));
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                return Optional.of(Long.parseLong(part.substring(1), 8));
            }
            return Optional.of(Long.parseLong(part, 10));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
