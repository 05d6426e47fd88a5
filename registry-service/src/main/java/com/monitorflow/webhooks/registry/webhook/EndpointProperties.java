package com.monitorflow.webhooks.registry.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which webhook URLs a deployment accepts, bound from {@code monitorflow.endpoints.*}; dispatch
 * reads the same properties when it connects. Private, link-local and metadata addresses are
 * never accepted, whatever these say.
 *
 * @param allowHttp accept plain {@code http} URLs besides {@code https}; for local stacks and tests only
 * @param allowLoopback accept loopback hosts ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost});
 *     for local stacks and tests whose receiver runs on the same machine
 */
@ConfigurationProperties("monitorflow.endpoints")
public record EndpointProperties(@DefaultValue("false") boolean allowHttp, @DefaultValue("false") boolean allowLoopback) {
}
