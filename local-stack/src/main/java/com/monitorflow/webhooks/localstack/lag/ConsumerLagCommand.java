package com.monitorflow.webhooks.localstack.lag;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.monitorflow.webhooks.model.Json;

import okhttp3.OkHttpClient;
import okhttp3.Request;

import org.jspecify.annotations.Nullable;

/**
 * {@code ./monitorflow lag [--registry URL] [--admin-key KEY]}: asks the registry's
 * {@code GET /v1/admin/consumer-lag} and prints one line per consumer group. The admin key comes
 * from {@code --admin-key}, else {@code MONITORFLOW_ADMIN_KEY}, else the local stack's
 * {@code .local/keys.properties}.
 */
public final class ConsumerLagCommand {

    static final String DEFAULT_REGISTRY = "http://127.0.0.1:8080";

    private ConsumerLagCommand() {
    }

    /** Runs the command with the arguments after {@code lag}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Map<String, String> options = options(args);
        if (options == null) {
            err.println("Usage: ./monitorflow lag [--registry URL] [--admin-key KEY]");
            return 2;
        }
        String registry = options.getOrDefault("--registry", DEFAULT_REGISTRY);
        String adminKey = adminKey(options.get("--admin-key"), System.getenv("MONITORFLOW_ADMIN_KEY"),
                Path.of(".local", "keys.properties"));
        if (adminKey == null) {
            err.println("lag needs the admin key: --admin-key, MONITORFLOW_ADMIN_KEY, or a local stack's "
                    + ".local/keys.properties");
            return 2;
        }
        var client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        var request = new Request.Builder().url(registry.replaceAll("/+$", "") + "/v1/admin/consumer-lag")
                .header("Authorization", "Bearer " + adminKey).get().build();
        try (var response = client.newCall(request).execute()) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                err.printf("The registry answered %d: %s%n", response.code(), body);
                return 1;
            }
            List<GroupLagLine> groups = GroupLagLine.fromAnswer(Json.mapper().readTree(body));
            out.print(LagTable.format(groups));
            return 0;
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    static @Nullable String adminKey(@Nullable String option, @Nullable String environment, Path keysFile)
            throws IOException {
        if (option != null && !option.isBlank()) {
            return option.strip();
        }
        if (environment != null && !environment.isBlank()) {
            return environment.strip();
        }
        if (Files.exists(keysFile)) {
            var keys = new Properties();
            try (InputStream in = Files.newInputStream(keysFile)) {
                keys.load(in);
            }
            return keys.getProperty("admin-key");
        }
        return null;
    }

    private static @Nullable Map<String, String> options(String[] args) {
        var options = new java.util.HashMap<String, String>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return null;
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
