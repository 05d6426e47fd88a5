package com.monitorflow.webhooks.localstack.bench;

import java.nio.file.Path;

/**
 * {@code ./monitorflow bench [--size tiny|full] [--output DIR]}: runs the benchmark on the jars
 * built in this repository. The full run writes {@code docs/benchmark}; a tiny run writes
 * {@code local-stack/target/benchmark} unless told otherwise, so it never replaces the published
 * results.
 */
public final class BenchCommand {

    static final String USAGE = """
            Usage: ./monitorflow bench [--size tiny|full] [--output DIR]
              Starts a fresh local stack in a temporary directory and measures throughput, latency,
              isolation, retry precision and memory against this machine's ceilings. Writes
              results.md and throughput.png (full: docs/benchmark; tiny: local-stack/target/benchmark).
            """;

    private BenchCommand() {
    }

    /** Runs the command with the arguments after {@code bench}; returns the exit code. */
    public static int run(String[] args) throws Exception {
        String sizeName = "full";
        String output = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> sizeName = value(args, ++i);
                case "--output" -> output = value(args, ++i);
                case "--help", "help" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                default -> {
                    System.err.println("Unknown option " + args[i]);
                    System.err.print(USAGE);
                    return 2;
                }
            }
        }
        BenchmarkSize size = BenchmarkSize.named(sizeName);
        Path home = Path.of("").toAbsolutePath();
        Path outputDir = output != null ? Path.of(output).toAbsolutePath()
                : size.name().equals("full") ? home.resolve("docs/benchmark")
                : home.resolve("local-stack/target/benchmark");
        if (System.getProperty("monitorflow.logs") == null) {
            System.setProperty("monitorflow.logs",
                    Path.of(System.getProperty("java.io.tmpdir"), "monitorflow-bench-logs").toString());
        }
        Benchmark.run(home, size, outputDir, System.out);
        return 0;
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
