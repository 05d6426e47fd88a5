package com.monitorflow.webhooks.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One of the receivers printed in the public documentation (Express or Next.js), run by Node.js
 * from {@code src/test/receivers}. Each request it answers is one line {@code <status> <delivery id>}.
 */
final class DocumentedReceiver implements AutoCloseable {

    static final Path SCRIPTS = Path.of("src/test/receivers").toAbsolutePath();

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private DocumentedReceiver(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::collectOutput);
    }

    /**
     * Whether Node.js is on this machine, installing the receivers' npm packages (from the lock
     * file) when they are missing.
     */
    static boolean available() {
        try {
            if (!succeeds(new ProcessBuilder("node", "--version"), 10)) {
                return false;
            }
            if (!Files.isDirectory(SCRIPTS.resolve("node_modules/express"))) {
                succeeds(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SCRIPTS.toFile()), 180);
            }
            return Files.isDirectory(SCRIPTS.resolve("node_modules/express"));
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static boolean succeeds(ProcessBuilder command, int seconds) throws IOException, InterruptedException {
        Process process = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(seconds, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    static DocumentedReceiver start(String script, int port, String secret) throws IOException {
        var builder = new ProcessBuilder("node", script).directory(SCRIPTS.toFile()).redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("MONITORFLOW_WEBHOOK_SECRET", secret);
        var receiver = new DocumentedReceiver(builder.start());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> receiver.lines.stream().anyMatch(line -> line.startsWith("listening")));
        return receiver;
    }

    /** The lines printed for answered requests, such as {@code 200 dlv_…}. */
    List<String> answers() {
        return lines.stream().filter(line -> line.matches("\\d{3} .*")).toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private void collectOutput() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException processEnded) {
            // The receiver was stopped.
        }
    }
}
