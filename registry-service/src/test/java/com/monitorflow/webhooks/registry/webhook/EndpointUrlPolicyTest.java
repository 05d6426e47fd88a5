package com.monitorflow.webhooks.registry.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.monitorflow.webhooks.registry.api.InvalidRequestException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointUrlPolicyTest {

    private final EndpointUrlPolicy strict = new EndpointUrlPolicy(new EndpointProperties(false, false));
    private final EndpointUrlPolicy local = new EndpointUrlPolicy(new EndpointProperties(true, true));

    @ParameterizedTest
    @CsvSource({
        "https://Example.COM/hooks, https://example.com/hooks",
        "https://example.com., https://example.com/",
        "https://example.com:443/a?b=c, https://example.com/a?b=c",
        "https://example.com:8443/a, https://example.com:8443/a",
        "HTTPS://bücher.example/x, https://xn--bcher-kva.example/x",
        "https://8.8.8.8/, https://8.8.8.8/",
        "https://134744072/, https://8.8.8.8/",
        "https://[2606:4700:4700::1111]/x, https://[2606:4700:4700::1111]/x"
    })
    void normalizesAcceptedUrls(String raw, String normalized) {
        assertThat(strict.normalize("url", raw)).isEqualTo(normalized);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://127.0.0.1/", "https://2130706433/", "https://0x7f000001/", "https://0x7f.0.0.1/",
        "https://0177.0.0.1/", "https://127.1/", "https://017700000001/", "https://[::1]/",
        "https://[::ffff:127.0.0.1]/", "https://[0:0:0:0:0:ffff:7f00:1]/", "https://localhost/",
        "https://api.localhost/", "https://LOCALHOST./"
    })
    void refusesLoopbackInAnySpelling(String url) {
        assertRefused(strict, url, "loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://10.0.0.1/", "https://192.168.1.1/", "https://172.16.0.1/", "https://0xa000001/",
        "https://169.254.169.254/latest/meta-data", "https://0xa9fea9fe/", "https://[fd00:ec2::254]/",
        "https://[fe80::1]/", "https://224.0.0.1/", "https://0.0.0.0/", "https://0/", "https://[::]/",
        "https://[::ffff:10.0.0.1]/", "https://100.64.0.1/", "https://metadata.google.internal/",
        "https://metadata/", "https://service.internal/", "https://printer.local/", "https://intranet/"
    })
    void refusesNonPublicHosts(String url) {
        assertThatThrownBy(() -> strict.normalize("url", url)).isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://example.com/|must use https",
        "ftp://example.com/|must use https",
        "/relative/path|absolute",
        "https://user:pass@example.com/|credentials",
        "https://example.com/#frag|fragment",
        "https://256.1.1.1/|not a valid IPv4",
        "https://1.2.3.4.5/|not a valid IPv4",
        "https://exa mple.com/|spaces",
        "https://example.com:99999/|port",
        "https://-bad-.example/|not a valid host name",
        "https://[::1/|IPv6"
    })
    void explainsWhyAUrlIsRefused(String url, String reason) {
        assertRefused(strict, url, reason);
    }

    @Test
    void refusesALoneSurrogateButKeepsAPairedOne() {
        assertRefused(strict, "https://example.com/a\ud800b", "lone UTF-16 surrogate");
        assertRefused(strict, "https://example.com/\udc00", "lone UTF-16 surrogate");
        assertThat(strict.normalize("url", "https://example.com/\ud83d\ude00")).contains("\ud83d\ude00");
    }

    @Test
    void localStackMayUsePlainHttpAndLoopback() {
        assertThat(local.normalize("url", "http://127.0.0.1:9000/hook")).isEqualTo("http://127.0.0.1:9000/hook");
        assertThat(local.normalize("url", "http://localhost:9000/hook")).isEqualTo("http://localhost:9000/hook");
        assertThat(local.normalize("url", "http://[::ffff:127.0.0.1]:9000/")).isEqualTo("http://[::ffff:127.0.0.1]:9000/");
    }

    @Test
    void localStackStillRefusesPrivateAndMetadataAddresses() {
        assertRefused(local, "http://10.1.2.3/", "private");
        assertRefused(local, "http://169.254.169.254/", "metadata");
        assertRefused(local, "http://metadata.google.internal/", "metadata");
    }

    private static void assertRefused(EndpointUrlPolicy policy, String url, String reason) {
        assertThatThrownBy(() -> policy.normalize("url", url))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.field()).isEqualTo("url");
                        assertThat(p.reason()).containsIgnoringCase(reason);
                    });
                });
    }
}
