package com.monitorflow.webhooks.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The addresses a webhook may never reach: anything that is not a public unicast address, so that
 * a webhook URL cannot be used to probe the platform's own network. The registry checks the host
 * of a URL when a webhook is saved; dispatch checks again every address it is about to connect to,
 * so that a DNS answer that changes later cannot lead to a private address either.
 */
public final class ForbiddenAddresses {

    private ForbiddenAddresses() {
    }

    /** Why {@code address} may not be reached, or empty when it is a public unicast address. */
    public static Optional<String> reasonToRefuse(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<byte[]> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return reasonToRefuseIpv4(embedded.get());
            }
            return reasonToRefuseIpv6(v6, b);
        }
        return reasonToRefuseIpv4(address.getAddress());
    }

    /** Whether {@code address} is loopback, which a local deployment may choose to allow. */
    public static boolean isLoopback(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            Optional<byte[]> embedded = embeddedIpv4(v6.getAddress());
            return embedded.map(b -> (b[0] & 0xff) == 127).orElse(address.isLoopbackAddress());
        }
        return address.isLoopbackAddress();
    }

    private static Optional<String> reasonToRefuseIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 0) {
            return Optional.of("an unspecified address");
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private address");
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Optional.of("a shared (carrier-grade NAT) address");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local or cloud-metadata address");
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
            return Optional.of("an IETF protocol assignment address");
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return Optional.of("a benchmarking address");
        }
        int a2 = b[2] & 0xff;
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Optional.of("a documentation address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 >= 240) {
            return Optional.of("a reserved or broadcast address");
        }
        return Optional.empty();
    }

    private static Optional<String> reasonToRefuseIpv6(Inet6Address v6, byte[] b) {
        if (v6.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (v6.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (v6.isLinkLocalAddress() || v6.isSiteLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (v6.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("a private (unique local) address, such as a cloud-metadata address");
        }
        if ((b[0] & 0xe0) != 0x20) {
            return Optional.of("an address outside global unicast space");
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of("a documentation address");
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
            // Teredo hides an IPv4 client address (inverted) in its last 32 bits.
            return Optional.of("a Teredo tunnel address");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible
     * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::a.b.c.d}) or 6to4 ({@code 2002:ab:cd::}) address.
     */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean zeroPrefix = allZero(b, 0, 10);
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16)
                && !(allZero(b, 12, 15) && b[15] == 1);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
