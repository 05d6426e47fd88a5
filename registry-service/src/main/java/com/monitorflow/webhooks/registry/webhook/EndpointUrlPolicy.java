package com.monitorflow.webhooks.registry.webhook;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.monitorflow.webhooks.model.ForbiddenAddresses;
import com.monitorflow.webhooks.registry.api.InvalidRequestException;
import com.monitorflow.webhooks.registry.api.TextFieldRules;

import org.springframework.stereotype.Component;

/**
 * Checks and normalizes webhook URLs: absolute {@code https} (plain {@code http} only where the
 * deployment allows it), no credentials, no fragment, the host in lower-case ASCII (IDN to
 * punycode, no trailing dot), and never a host that is, in any spelling, an address no webhook
 * may reach. Names are not resolved here: dispatch checks every resolved address when it connects.
 */
@Component
public final class EndpointUrlPolicy {

    static final int MAX_URL_LENGTH = 2048;

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");
    private static final Set<String> NON_PUBLIC_SUFFIXES = Set.of(".internal", ".local", ".localdomain",
            ".home.arpa", ".intranet", ".lan");

    private final EndpointProperties properties;

    public EndpointUrlPolicy(EndpointProperties properties) {
        this.properties = properties;
    }

    /**
     * The normalized form of {@code raw}.
     *
     * @throws InvalidRequestException naming {@code field} and the reason when the URL is refused
     */
    public String normalize(String field, String raw) {
        if (raw.length() > MAX_URL_LENGTH) {
            throw InvalidRequestException.of(field, "must be at most " + MAX_URL_LENGTH + " characters");
        }
        if (raw.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw InvalidRequestException.of(field, "must not contain spaces or control characters");
        }
        if (TextFieldRules.hasLoneSurrogate(raw)) {
            throw InvalidRequestException.of(field, "must not contain a lone UTF-16 surrogate");
        }
        URI uri = parse(field, raw);
        String scheme = checkScheme(field, uri);
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw InvalidRequestException.of(field, "must name a host");
        }
        if (authority.contains("@")) {
            throw InvalidRequestException.of(field, "must not contain credentials (user info before '@')");
        }
        if (uri.getRawFragment() != null) {
            throw InvalidRequestException.of(field, "must not have a fragment ('#...')");
        }

        HostAndPort hostAndPort = splitAuthority(field, authority);
        String host = checkHost(field, hostAndPort.host());

        return rebuild(scheme, host, hostAndPort.port(), uri);
    }

    private static URI parse(String field, String raw) {
        try {
            URI uri = new URI(raw);
            if (!uri.isAbsolute() || uri.isOpaque()) {
                throw InvalidRequestException.of(field, "must be an absolute URL such as https://example.com/webhooks");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw InvalidRequestException.of(field, "is not a valid URL: " + e.getReason());
        }
    }

    private String checkScheme(String field, URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && properties.allowHttp())) {
            return scheme;
        }
        throw InvalidRequestException.of(field, properties.allowHttp() ? "must use https or http" : "must use https");
    }

    private record HostAndPort(String host, int port) {
    }

    private static HostAndPort splitAuthority(String field, String authority) {
        String host;
        String port = "";
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            if (end < 0) {
                throw InvalidRequestException.of(field, "has an IPv6 address without its closing ']'");
            }
            host = authority.substring(0, end + 1);
            String rest = authority.substring(end + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    throw InvalidRequestException.of(field, "has text after the IPv6 address");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon + 1);
        }
        return new HostAndPort(host, parsePort(field, port));
    }

    private static int parsePort(String field, String port) {
        if (port.isEmpty()) {
            return -1;
        }
        if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
            throw InvalidRequestException.of(field, "has an invalid port '" + port + "'");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw InvalidRequestException.of(field, "has a port outside 1..65535");
        }
        return value;
    }

    private String checkHost(String field, String rawHost) {
        if (rawHost.contains("%")) {
            throw InvalidRequestException.of(field, "must not percent-encode the host or give an IPv6 zone");
        }
        if (rawHost.startsWith("[")) {
            String literal = rawHost.substring(1, rawHost.length() - 1);
            checkAddress(field, ipv6(field, literal));
            return "[" + literal.toLowerCase(Locale.ROOT) + "]";
        }
        String host = asciiHost(field, rawHost);
        if (Ipv4Literals.looksNumeric(host)) {
            byte[] bytes = Ipv4Literals.parse(host).orElseThrow(
                    () -> InvalidRequestException.of(field, "has a host '" + host + "' that is not a valid IPv4 address"));
            InetAddress address = address(bytes);
            checkAddress(field, address);
            return address.getHostAddress();
        }
        checkName(field, host);
        return host;
    }

    private static String asciiHost(String field, String rawHost) {
        String host = rawHost.endsWith(".") ? rawHost.substring(0, rawHost.length() - 1) : rawHost;
        if (host.isEmpty()) {
            throw InvalidRequestException.of(field, "must name a host");
        }
        try {
            String ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            if (ascii.isEmpty() || ascii.length() > 253 || ascii.startsWith(".") || ascii.contains("..")) {
                throw new IllegalArgumentException("empty label");
            }
            return ascii;
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(field, "has a host that is not a valid host name");
        }
    }

    private void checkName(String field, String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            if (!properties.allowLoopback()) {
                throw InvalidRequestException.of(field, "must not point to a loopback host");
            }
            return;
        }
        if (METADATA_HOSTS.contains(host)) {
            throw InvalidRequestException.of(field, "must not point to a cloud-metadata host");
        }
        if (!host.contains(".")) {
            throw InvalidRequestException.of(field, "must use a fully qualified public host name");
        }
        for (String suffix : NON_PUBLIC_SUFFIXES) {
            if (host.endsWith(suffix)) {
                throw InvalidRequestException.of(field, "must use a public host name, not one under '" + suffix + "'");
            }
        }
    }

    private void checkAddress(String field, InetAddress address) {
        Optional<String> reason = ForbiddenAddresses.reasonToRefuse(address);
        if (reason.isEmpty() || (properties.allowLoopback() && ForbiddenAddresses.isLoopback(address))) {
            return;
        }
        throw InvalidRequestException.of(field, "must not point to " + reason.get());
    }

    private static InetAddress ipv6(String field, String literal) {
        if (!literal.contains(":") || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw InvalidRequestException.of(field, "has an invalid IPv6 address");
        }
        try {
            // A literal with ':' is parsed, never looked up.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw InvalidRequestException.of(field, "has an invalid IPv6 address");
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Four bytes are always an IPv4 address", e);
        }
    }

    private static String rebuild(String scheme, String host, int port, URI uri) {
        var out = new StringBuilder(scheme).append("://").append(host);
        boolean defaultPort = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        if (port > 0 && !defaultPort) {
            out.append(':').append(port);
        }
        String path = uri.getRawPath();
        out.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            out.append('?').append(uri.getRawQuery());
        }
        return out.toString();
    }
}
