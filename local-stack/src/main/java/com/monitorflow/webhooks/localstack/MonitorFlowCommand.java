package com.monitorflow.webhooks.localstack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

import com.monitorflow.webhooks.localstack.bench.BenchCommand;
import com.monitorflow.webhooks.localstack.produce.EventSender;
import com.monitorflow.webhooks.localstack.receive.DeliveryReceiver;
import com.monitorflow.webhooks.localstack.stack.LocalStack;
import com.monitorflow.webhooks.localstack.stack.StackOptions;
import com.monitorflow.webhooks.model.TopicNames;

/** The {@code ./monitorflow} command: {@code run}, {@code send} and {@code receive}. */
public final class MonitorFlowCommand {

    private static final String USAGE = """
            Usage: ./monitorflow <command> [options]

              run      [--data-dir DIR] [--fresh]
                       Start a Kafka broker, PostgreSQL and the four services on this machine.
              send     --account ACCOUNT_ID [--event NAME] [--bootstrap HOST:PORT] FILE_OR_FOLDER...
                       Write each JSON file as the data of an inbound event to events.inbound.
                       Without --event, a file named like sale.created.json names its event.
              receive  [--port 3000] [--secret SECRET]
                       A webhook endpoint on 127.0.0.1 that verifies each delivery's signature and
                       prints it. The secret may also come from MONITORFLOW_WEBHOOK_SECRET.
              lag      [--registry URL] [--admin-key KEY]
                       One line per consumer group: members, lag, oldest wait, retry records waiting.
              bench    [--size tiny|full] [--output DIR]
                       Measure the whole system against this machine's ceilings; writes
                       docs/benchmark/results.md and throughput.png.
            """;

    private MonitorFlowCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        int exit;
        try {
            exit = dispatch(args);
        } catch (java.net.BindException e) {
            System.err.println("The port is already in use: " + e.getMessage());
            exit = 1;
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("No such file or folder: " + e.getFile());
            exit = 1;
        } catch (NumberFormatException e) {
            System.err.println("Not a number: " + e.getMessage());
            exit = 2;
        } catch (java.io.IOException | IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            exit = 1;
        }
        if (exit != 0) {
            System.exit(exit);
        }
    }

    private static int dispatch(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args);
        return switch (args[0]) {
            case "run" -> run(arguments);
            case "send" -> send(arguments, System.out);
            case "receive" -> receive(arguments);
            case "lag" -> com.monitorflow.webhooks.localstack.lag.ConsumerLagCommand.run(args, System.out, System.err);
            case "bench" -> BenchCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("Unknown command " + args[0]);
                System.err.print(USAGE);
                yield 2;
            }
        };
    }

    private static int run(Arguments arguments) throws Exception {
        Path home = Path.of("").toAbsolutePath();
        StackOptions options = StackOptions.defaults(home);
        String dataDir = arguments.option("--data-dir");
        if (dataDir != null) {
            options = options.withDataDir(Path.of(dataDir).toAbsolutePath());
        }
        if (LocalStack.runningFrom(options.dataDir())) {
            System.err.println("A stack is already running from " + options.dataDir()
                    + "; stop it first (Ctrl-C in its terminal)");
            return 1;
        }
        if (arguments.flag("--fresh")) {
            deleteRecursively(options.dataDir());
        }
        System.setProperty("monitorflow.logs", options.dataDir().resolve("logs").toString());
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping MonitorFlow…");
            try {
                stack.close();
            } catch (Exception e) {
                System.err.println("Stopping failed: " + e.getMessage());
            }
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-stack-shutdown"));
        printBanner(stack);
        superviseUntil(stack, stopped);
        return 0;
    }

    /** Restarts any service whose process ends, until the stack is stopped. */
    private static void superviseUntil(LocalStack stack, CountDownLatch stopped) throws InterruptedException {
        while (!stopped.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
            try {
                stack.restartEndedServices();
            } catch (java.io.IOException | IllegalStateException e) {
                if (!stack.stopping()) {
                    System.err.println("A service could not be started again: " + e.getMessage());
                }
            }
        }
    }

    private static void printBanner(LocalStack stack) {
        System.out.printf("""

                MonitorFlow Webhooks is running.

                  REST API         %s   (OpenAPI UI: %s/swagger-ui.html)
                  Admin key        %s
                  Ingest           %s/v1/events   (ingest key %s)
                  Kafka            %s   (upstream producers write to events.inbound)
                  PostgreSQL       %s
                  Logs             %s

                Press Ctrl-C to stop.
                """, stack.registryUrl(), stack.registryUrl(), stack.adminKey(), stack.ingestUrl(), stack.ingestKey(),
                stack.bootstrapServers(),
                stack.jdbcUrl(), stack.logDir());
    }

    private static int send(Arguments arguments, PrintStream out) throws Exception {
        String account = arguments.option("--account");
        if (account == null || arguments.positional().isEmpty()) {
            System.err.println("send needs --account and at least one file or folder");
            return 2;
        }
        if (!account.matches("[A-Za-z0-9_-]{1,64}")) {
            System.err.println("--account " + account + " is not an account id (1 to 64 of A-Z, a-z, 0-9, _ and -); "
                    + "ingest would reject every event");
            return 2;
        }
        String bootstrap = arguments.optionOr("--bootstrap", "127.0.0.1:19092");
        List<Path> paths = arguments.positional().stream().map(Path::of).toList();
        try (var sender = new EventSender(bootstrap, TopicNames.defaults().inbound(), out)) {
            int sent = sender.send(account, arguments.option("--event"), paths);
            out.printf("%d event(s) sent%n", sent);
            return sent == 0 ? 1 : 0;
        }
    }

    private static int receive(Arguments arguments) throws Exception {
        String secret = arguments.optionOr("--secret", System.getenv().getOrDefault("MONITORFLOW_WEBHOOK_SECRET", ""));
        if (secret.isBlank()) {
            System.err.println("receive needs the webhook secret: --secret or MONITORFLOW_WEBHOOK_SECRET");
            return 2;
        }
        int port = Integer.parseInt(arguments.optionOr("--port", "3000"));
        var receiver = DeliveryReceiver.start(port, secret);
        receiver.onDelivery(delivery -> System.out.printf("%s %s %s attempt %s signature %s%n  %s%n",
                delivery.header("X-MonitorFlow-Event"), delivery.header("X-MonitorFlow-Delivery"),
                delivery.receivedAt(), delivery.header("X-MonitorFlow-Attempt"),
                delivery.signatureValid() ? "verified" : "INVALID (answered 401)", delivery.bodyText()));
        System.out.printf("Receiving webhooks on %s%n", receiver.url("/webhook"));
        new CountDownLatch(1).await();
        return 0;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Options ({@code --name value} or a bare {@code --flag}) and positional arguments. */
    private record Arguments(Map<String, String> options, List<String> positional) {

        private static final List<String> FLAGS = List.of("--fresh");

        static Arguments parse(String[] args) {
            Map<String, String> options = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (FLAGS.contains(args[i])) {
                    options.put(args[i], "true");
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    options.put(args[i], args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
            return new Arguments(options, positional);
        }

        @Nullable String option(String name) {
            return options.get(name);
        }

        String optionOr(String name, String fallback) {
            return options.getOrDefault(name, fallback);
        }

        boolean flag(String name) {
            return options.containsKey(name);
        }
    }
}
