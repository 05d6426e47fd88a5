package com.monitorflow.webhooks.localstack.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command against a stand-in registry that answers like the real endpoint. */
class ConsumerLagCommandTest {

    private static final String KEY = "mfadm_test_key_0123456789";
    private static final String ANSWER = """
            {"readAt": "2026-12-03T18:00:00Z", "groups": [
              {"groupId": "dispatch-service", "state": "EMPTY", "members": 0, "totalLag": 8, "totalWaiting": 0,
               "maxLagSeconds": 61.0, "partitions": []}]}
            """;

    private HttpServer registry;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startRegistry() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/v1/admin/consumer-lag", exchange -> {
            boolean admin = ("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (admin ? ANSWER : "{\"status\":401}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(admin ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void printsTheGroupsTheRegistryReports() throws Exception {
        int exit = ConsumerLagCommand.run(new String[] {"lag", "--registry", url(), "--admin-key", KEY},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2)
                .last().satisfies(line -> assertThat(line.split("\\s+"))
                        .containsExactly("dispatch-service", "0", "EMPTY", "8", "61.0", "0"));
    }

    @Test
    void aRefusedKeyEndsWithAnError() throws Exception {
        int exit = ConsumerLagCommand.run(new String[] {"lag", "--registry", url(), "--admin-key", "wrong"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("401");
    }

    private String url() {
        return "http://127.0.0.1:" + registry.getAddress().getPort();
    }
}
