package com.monitorflow.webhooks.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.monitorflow.webhooks.localstack.stack.LocalStack;
import com.monitorflow.webhooks.localstack.stack.StackOptions;

/**
 * One local stack shared by every test class of this module: starting the broker, PostgreSQL and
 * four services takes most of a minute, so it happens once per test JVM. Retry steps are one
 * second each so the retry path can be watched end to end. The stack stops when the JVM exits.
 */
public final class TestStack {

    /** The repository root, where the services' jars and the example events are. */
    public static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static LocalStack stack;

    private TestStack() {
    }

    /** The running stack, started on first use. */
    public static synchronized LocalStack get() throws IOException, InterruptedException {
        if (stack == null) {
            Path dataDir = Files.createTempDirectory("monitorflow-test-stack");
            StackOptions options = StackOptions.defaults(REPOSITORY)
                    .withDataDir(dataDir)
                    .withPorts(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort())
                    .withExtraEnvironment(Map.of("MONITORFLOW_RETRY_DELAYS", "1s,1s,1s,1s,1s"));
            stack = LocalStack.start(options);
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    System.err.println("Stopping the test stack failed: " + e);
                }
            }, "test-stack-shutdown"));
        }
        return stack;
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
