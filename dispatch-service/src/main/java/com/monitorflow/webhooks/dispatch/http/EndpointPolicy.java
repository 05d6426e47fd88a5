package com.monitorflow.webhooks.dispatch.http;

import java.net.InetAddress;
import java.util.Optional;

import com.monitorflow.webhooks.model.ForbiddenAddresses;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which endpoints a delivery may reach, bound from {@code monitorflow.endpoints.*}; the registry
 * applies the same policy when a webhook is saved. Private, link-local and metadata addresses are
 * never allowed.
 *
 * @param allowHttp whether plain {@code http://} URLs are delivered to (local stacks and tests only)
 * @param allowLoopback whether loopback addresses may be connected to (local stacks and tests only)
 */
@ConfigurationProperties("monitorflow.endpoints")
public record EndpointPolicy(@DefaultValue("false") boolean allowHttp, @DefaultValue("false") boolean allowLoopback) {

    /** The production policy: HTTPS only, public addresses only. */
    public static EndpointPolicy strict() {
        return new EndpointPolicy(false, false);
    }

    /** Why {@code address} may not be connected to, or empty when it may. */
    public Optional<String> reasonToRefuse(InetAddress address) {
        if (allowLoopback && ForbiddenAddresses.isLoopback(address)) {
            return Optional.empty();
        }
        return ForbiddenAddresses.reasonToRefuse(address);
    }

    /** Whether a URL of {@code scheme} may be delivered to. */
    public boolean allowsScheme(String scheme) {
        return "https".equals(scheme) || ("http".equals(scheme) && allowHttp);
    }
}
