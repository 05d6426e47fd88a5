package com.monitorflow.webhooks.localstack.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import com.monitorflow.webhooks.localstack.stack.LocalStack;
import com.monitorflow.webhooks.localstack.stack.StackOptions;
import com.monitorflow.webhooks.model.TopicNames;

/**
 * One benchmark run from start to end: a fresh local stack in a temporary directory, the accounts
 * and webhooks made through the REST API, the ceilings, every phase, the results file and chart.
 * Each phase drives its own accounts and webhooks, so what the receiver counts for a phase is
 * exactly that phase's traffic.
 */
public final class Benchmark {

    static final Duration RETRY_STEP = Duration.ofSeconds(2);
    static final int HEAP_LIMIT_MIB = 512;
    static final String BENCH_PROCESS = "benchmark JVM (broker, receiver, producer)";
    static final String POSTGRES = "PostgreSQL";
    static final String OTHERS = "other processes on this machine";
    private static final int WINDOW = 5_000;
    private static final List<String> SERVICES =
            List.of("ingest-service", "dispatch-service", "registry-service", "retry-service");

    private final Path home;
    private final BenchmarkSize size;
    private final PrintStream out;
    private final TopicNames topics = TopicNames.defaults();
    private final AtomicInteger nextWebhook = new AtomicInteger();

    private Benchmark(Path home, BenchmarkSize size, PrintStream out) {
        this.home = home;
        this.size = size;
        this.out = out;
    }

    /** Runs the benchmark on the jars built under {@code home} and writes the results to {@code outputDir}. */
    public static BenchmarkResult run(Path home, BenchmarkSize size, Path outputDir, PrintStream out)
            throws Exception {
        BenchReceiver.raiseIdleConnectionLimit();
        Path dataDir = Files.createTempDirectory("monitorflow-bench-");
        BenchmarkResult result;
        try {
            result = new Benchmark(home, size, out).measure(dataDir);
        } catch (Exception | Error e) {
            out.printf("The benchmark failed; the services' logs are kept in %s%n", dataDir.resolve("logs"));
            throw e;
        }
        deleteRecursively(dataDir);
        Files.createDirectories(outputDir);
        ResultsReport.write(result, outputDir);
        out.println();
        out.print(ResultsReport.console(result));
        out.printf("%nResults written to %s and %s%n", outputDir.resolve(ResultsReport.RESULTS_FILE),
                outputDir.resolve(ResultsReport.CHART_FILE));
        return result;
    }

    private BenchmarkResult measure(Path dataDir) throws Exception {
        Instant started = Instant.now();
        out.printf("MonitorFlow benchmark (%s): starting a fresh local stack in %s%n", size.name(), dataDir);
        try (Recording ownProfile = new Recording(Configuration.getConfiguration("default"));
             LocalStack stack = LocalStack.start(stackOptions(dataDir));
             BenchReceiver receiver = BenchReceiver.start();
             HungEndpoint hung = HungEndpoint.start();
             EventLoad load = new EventLoad(stack.bootstrapServers(), topics.inbound());
             ConsumerLag lag = new ConsumerLag(stack.bootstrapServers())) {
            ownProfile.start();
            var run = new Run(stack, receiver, hung, load, lag, dataDir);
            BenchmarkResult result = run.all(started);
            hung.close();
            return result;
        }
    }

    private StackOptions stackOptions(Path dataDir) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("MONITORFLOW_RETRY_DELAYS", "2s,4s,8s,16s,32s");
        // Without jitter the lateness measured is the retry scheduler's own.
        environment.put("MONITORFLOW_RETRY_JITTERRATIO", "0");
        environment.put("JAVA_TOOL_OPTIONS", ProfileSummary.javaToolOptions());
        return StackOptions.defaults(home)
                .withDataDir(dataDir)
                .withPorts(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort())
                .withExtraEnvironment(environment);
    }

    /** The state of one run: the stack, the receiver and the accounts of every phase. */
    private final class Run {

        private final LocalStack stack;
        private final BenchReceiver receiver;
        private final HungEndpoint hung;
        private final EventLoad load;
        private final ConsumerLag lag;
        private final Path dataDir;
        private final TrafficGroup fanOut1 = TrafficGroup.accepting("fan-out 1");
        private final TrafficGroup fanOut10 = TrafficGroup.accepting("fan-out 10");
        private final TrafficGroup fanOut100 = TrafficGroup.accepting("fan-out 100");
        private final TrafficGroup ceiling = TrafficGroup.accepting("HTTP ceiling");
        private final TrafficGroup retrying = TrafficGroup.failingFirstAttempt("retry", RETRY_STEP.toNanos());
        private final List<TrafficGroup> groups = List.of(fanOut1, fanOut10, fanOut100, ceiling, retrying);
        private final Map<TrafficGroup, List<String>> accounts = new LinkedHashMap<>();
        private final Map<String, List<Integer>> webhooksOf = new LinkedHashMap<>();
        private String hungAccount = "";
        private Instant profileFrom = Instant.now();
        private Instant profileTo = Instant.now();

        Run(LocalStack stack, BenchReceiver receiver, HungEndpoint hung, EventLoad load, ConsumerLag lag,
                Path dataDir) {
            this.stack = stack;
            this.receiver = receiver;
            this.hung = hung;
            this.load = load;
            this.lag = lag;
            this.dataDir = dataDir;
        }

        private final long startedNanos = System.nanoTime();

        /** Prints one step of the run with the seconds since the stack was up. */
        private void step(String format, Object... args) {
            out.printf("[%4d s] %s%n", (System.nanoTime() - startedNanos) / 1_000_000_000L, String.format(format, args));
        }

        BenchmarkResult all(Instant started) throws Exception {
            createAccounts();
            awaitSubscribed();
            warmUp();

            BrokerCeiling.Result broker = brokerCeiling();
            HttpCeiling.Result http = httpCeiling();
            List<BenchmarkResult.Throughput> throughput = List.of(
                    throughput(fanOut1, 1), throughput(fanOut10, 10), throughput(fanOut100, 100));
            BenchmarkResult.LatencyAtLoad latency = latency(broker, http);
            BenchmarkResult.RetryPrecision retry = retryPrecision();
            BenchmarkResult.Isolation isolation = isolation(throughput.get(1).rate());
            Map<String, Double> memory = ProcessStats.residentMiB(processes());
            Map<String, ProfileSummary> profiles = profiles();

            step("Stopping the stack");
            long invalid = groups.stream().mapToLong(TrafficGroup::invalid).sum();
            return new BenchmarkResult(machine(started), broker, http, throughput, latency, isolation, retry,
                    memory, HEAP_LIMIT_MIB, profiles, invalid, fanOut10.averageBodyBytes(),
                    Duration.between(started, Instant.now()));
        }

        private void createAccounts() throws Exception {
            step("Creating accounts and webhooks through the REST API");
            var registry = new RegistryAdmin(stack.registryUrl(), stack.adminKey());
            record Planned(TrafficGroup group, int webhooks, boolean hung) {
            }
            List<Planned> plan = new ArrayList<>();
            for (int i = 0; i < size.accounts(); i++) {
                plan.add(new Planned(fanOut1, 1, false));
                plan.add(new Planned(fanOut10, 10, false));
            }
            for (int i = 0; i < size.wideAccounts(); i++) {
                plan.add(new Planned(fanOut100, 100, false));
            }
            plan.add(new Planned(retrying, 1, false));
            plan.add(new Planned(fanOut10, 10, true));
            ExecutorService workers = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> created = new ArrayList<>();
                for (Planned planned : plan) {
                    created.add(workers.submit(() -> {
                        createAccount(registry, planned.group(), planned.webhooks(), planned.hung());
                        return null;
                    }));
                }
                for (Future<?> future : created) {
                    future.get(5, TimeUnit.MINUTES);
                }
            } finally {
                workers.shutdownNow();
            }
            out.printf("  %d accounts, %d webhooks%n", plan.size(), nextWebhook.get());
        }

        private void createAccount(RegistryAdmin registry, TrafficGroup group, int webhooks, boolean toHung)
                throws IOException {
            RegistryAdmin.Account account = registry.createAccount("Benchmark " + group.name());
            List<Integer> indexes = new ArrayList<>();
            for (int w = 0; w < webhooks; w++) {
                int index = nextWebhook.getAndIncrement();
                String url = toHung ? hung.url("/hung/" + index) : receiver.url(index);
                RegistryAdmin.Webhook webhook = registry.createWebhook(account, "Benchmark " + index, url);
                if (!toHung) {
                    receiver.register(index, webhook.secret(), group);
                    indexes.add(index);
                }
            }
            synchronized (this) {
                if (toHung) {
                    hungAccount = account.id();
                } else {
                    accounts.computeIfAbsent(group, g -> new ArrayList<>()).add(account.id());
                    webhooksOf.put(account.id(), indexes);
                }
            }
        }

        /** Sends probe events until every webhook has received one, so dispatch knows them all. */
        private void awaitSubscribed() throws InterruptedException {
            step("Waiting until dispatch knows every webhook");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                List<String> waiting = webhooksOf.entrySet().stream()
                        .filter(e -> e.getValue().stream().anyMatch(i -> !receiver.hasSeen(i)))
                        .map(Map.Entry::getKey)
                        .toList();
                if (waiting.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(waiting.size() + " accounts still have webhooks that received"
                            + " nothing after 120 s; is dispatch running? See " + stack.logDir());
                }
                waiting.forEach(load::send);
                for (int check = 0; check < 12 && !allSeen(waiting); check++) {
                    Thread.sleep(250);
                }
            }
            groups.forEach(TrafficGroup::reset);
        }

        private boolean allSeen(List<String> accountIds) {
            return accountIds.stream().allMatch(id -> webhooksOf.get(id).stream().allMatch(receiver::hasSeen));
        }

        private void warmUp() {
            step("Warming up");
            load.saturate(accounts.get(fanOut1), 1, fanOut1, Duration.ofSeconds(30), size.warmUpEvents(),
                    Duration.ZERO, WINDOW, Duration.ofSeconds(60));
        }

        private BrokerCeiling.Result brokerCeiling() throws Exception {
            step("Ceiling: the broker's raw produce-and-consume rate");
            int hopRate = Math.min(1_000, size.latencyRate());
            return BrokerCeiling.measure(stack.bootstrapServers(), 6, size.brokerRecords(), hopRate,
                    size.latencyDuration().dividedBy(5).plusMillis(500));
        }

        private HttpCeiling.Result httpCeiling() throws InterruptedException {
            step("Ceiling: the receiver driven directly by OkHttp");
            String secret = "whsec_benchmark_ceiling";
            int index = nextWebhook.getAndIncrement();
            String url = receiver.register(index, secret, ceiling);
            try (var driver = new HttpCeiling()) {
                return driver.measure(url, secret, size.httpRequests(), size.httpConcurrency());
            }
        }

        private BenchmarkResult.Throughput throughput(TrafficGroup group, int fanOut) throws Exception {
            List<String> phaseAccounts = accounts.get(group);
            step("Throughput: fan-out %d over %d accounts", fanOut, phaseAccounts.size());
            Map<String, Double> cpuBefore = ProcessStats.cpuSeconds(processes());
            double machineBefore = ProcessStats.machineBusySeconds();
            Instant from = Instant.now();
            long fromNanos = System.nanoTime();
            EventLoad.Saturation saturation = load.saturate(phaseAccounts, fanOut, group, size.phaseDuration(),
                    size.phaseMaxDeliveries(), size.measureAfter(), WINDOW, Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - fromNanos) / 1e9;
            Map<String, Double> cores = ProcessStats.coresBetween(cpuBefore, ProcessStats.cpuSeconds(processes()),
                    seconds);
            double machine = (ProcessStats.machineBusySeconds() - machineBefore) / seconds;
            double ours = cores.values().stream().mapToDouble(Double::doubleValue).sum();
            cores.put(OTHERS, Math.max(0, machine - ours));
            if (fanOut == 10) {
                profileFrom = from;
                profileTo = Instant.now();
            }
            out.printf("  %,.0f signed deliveries/s%n", saturation.rate());
            long logLag = lag.of(topics.attempts());
            awaitDeliveryLogCaughtUp();
            return new BenchmarkResult.Throughput(fanOut, phaseAccounts.size(), saturation.rate(),
                    saturation.sentDeliveries(), saturation.drained(), cores, logLag);
        }

        /** Lets the registry finish writing the delivery log, so the next phase starts from a quiet system. */
        private void awaitDeliveryLogCaughtUp() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lag.of(topics.attempts()) > 100 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }

        private BenchmarkResult.LatencyAtLoad latency(BrokerCeiling.Result broker, HttpCeiling.Result http)
                throws InterruptedException {
            step("Latency: %d events/s for %d s at fan-out 1", size.latencyRate(),
                    size.latencyDuration().toSeconds());
            fanOut1.reset();
            long[] sent = load.paced(accounts.get(fanOut1), size.latencyRate(), size.latencyDuration());
            long expected = sum(sent);
            EventLoad.awaitDelivered(fanOut1, expected, Duration.ofSeconds(60));
            Latency floor = broker.hop().times(2).plus(http.idle());
            return new BenchmarkResult.LatencyAtLoad(size.latencyRate(), size.latencyDuration().toMillis() / 1e3,
                    expected, fanOut1.delivered(), Latency.ofMicros(fanOut1.ageMicros()), floor);
        }

        private BenchmarkResult.RetryPrecision retryPrecision() {
            step("Retry precision: %d deliveries that fail their first attempt", size.retryEvents());
            retrying.reset();
            Duration spread = Duration.ofSeconds(2);
            long[] sent = load.paced(accounts.get(retrying), size.retryEvents() / 2.0, spread);
            long expected = sum(sent);
            EventLoad.awaitDelivered(retrying, expected, RETRY_STEP.plus(Duration.ofSeconds(60)));
            return new BenchmarkResult.RetryPrecision(RETRY_STEP, expected, retrying.delivered(),
                    Latency.ofMicros(retrying.retryLatenessMicros()), retrying.earlyRetries());
        }

        private BenchmarkResult.Isolation isolation(double fanOut10Rate) {
            List<String> healthy = accounts.get(fanOut10);
            double offeredDeliveries = Math.max(200, fanOut10Rate * 0.6);
            double eventsPerSecond = offeredDeliveries / 10;
            step("Isolation: %,.0f deliveries/s to %d healthy accounts, without and with an account whose"
                    + " endpoint never answers", offeredDeliveries, healthy.size());
            BenchmarkResult.Isolation.Run without = isolationRun(healthy, eventsPerSecond, false);
            BenchmarkResult.Isolation.Run with = isolationRun(healthy, eventsPerSecond, true);
            return new BenchmarkResult.Isolation(offeredDeliveries, without, with, hung.connections());
        }

        private BenchmarkResult.Isolation.Run isolationRun(List<String> healthy, double eventsPerSecond,
                boolean withHung) {
            List<String> targets = new ArrayList<>(healthy);
            double rate = eventsPerSecond;
            if (withHung) {
                targets.add(hungAccount);
                rate = eventsPerSecond * targets.size() / healthy.size();
            }
            fanOut10.reset();
            long start = System.nanoTime();
            long[] sent = load.paced(targets, rate, size.isolationDuration());
            long expected = 10 * sum(sent, healthy.size());
            EventLoad.awaitDelivered(fanOut10, expected, Duration.ofSeconds(30));
            long last = Math.max(fanOut10.lastReceiptNanos(), start + 1);
            double healthyRate = fanOut10.delivered() / ((last - start) / 1e9);
            return new BenchmarkResult.Isolation.Run(healthyRate, expected, fanOut10.delivered(),
                    Latency.ofMicros(fanOut10.ageMicros()));
        }

        private Map<String, ProfileSummary> profiles() throws Exception {
            step("Reading the profiles of the fan-out 10 phase");
            Map<String, ProfileSummary> profiles = new LinkedHashMap<>();
            Path dir = Files.createDirectories(dataDir.resolve("profiles"));
            for (String service : SERVICES) {
                Path file = dir.resolve(service + ".jfr");
                profiles.put(service, ProfileSummary.dump(stack.pid(service), file)
                        ? ProfileSummary.read(file, profileFrom, profileTo) : ProfileSummary.NONE);
            }
            Path own = dir.resolve("benchmark.jfr");
            try (Recording copy = jdk.jfr.FlightRecorder.getFlightRecorder().takeSnapshot()) {
                copy.dump(own);
            }
            profiles.put(BENCH_PROCESS, ProfileSummary.read(own, profileFrom, profileTo));
            return profiles;
        }

        /** The processes whose CPU and memory are reported, by name. */
        private Map<String, List<Long>> processes() {
            Map<String, List<Long>> processes = new LinkedHashMap<>();
            for (String service : SERVICES) {
                processes.put(service, List.of(stack.pid(service)));
            }
            processes.put(BENCH_PROCESS, List.of(ProcessHandle.current().pid()));
            processes.put(POSTGRES, postgresProcesses());
            return processes;
        }

        private List<Long> postgresProcesses() {
            Path pidFile = dataDir.resolve("postgres").resolve("data").resolve("postmaster.pid");
            try {
                long postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
                List<Long> pids = new ArrayList<>(List.of(postmaster));
                ProcessHandle.of(postmaster).ifPresent(p -> p.children().forEach(c -> pids.add(c.pid())));
                return pids;
            } catch (IOException | RuntimeException unreadable) {
                return List.of();
            }
        }

        private BenchmarkResult.Machine machine(Instant started) {
            return new BenchmarkResult.Machine(Runtime.getRuntime().availableProcessors(),
                    ProcessStats.machineMemoryMiB(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"), started, size.name());
        }
    }

    private static long sum(long[] values) {
        return sum(values, values.length);
    }

    private static long sum(long[] values, int first) {
        long total = 0;
        for (int i = 0; i < first; i++) {
            total += values[i];
        }
        return total;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
