package com.monitorflow.webhooks.localstack.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.TopicNames;

/**
 * The whole system on one machine: a KRaft broker and PostgreSQL inside this JVM, every topic
 * created, and the four services as child processes. Closing it stops the services first, then
 * the database and the broker.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "--sun-misc-unsafe-memory-access=allow");

    private final StackOptions options;
    private final StackKeys keys;
    private final EmbeddedBroker broker;
    private final EmbeddedDatabase database;
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private final StackLock lock;
    private volatile boolean stopping;

    private LocalStack(StackOptions options, StackLock lock, StackKeys keys, EmbeddedBroker broker,
            EmbeddedDatabase database) {
        this.options = options;
        this.lock = lock;
        this.keys = keys;
        this.broker = broker;
        this.database = database;
    }

    /** Whether a stack is running from {@code dataDir} now. */
    public static boolean runningFrom(Path dataDir) throws IOException {
        return StackLock.heldByAnother(dataDir);
    }

    /** Starts everything and returns once every service reports itself healthy. */
    public static LocalStack start(StackOptions options) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(options.dataDir().resolve("logs"));
        StackLock lock = StackLock.acquire(options.dataDir());
        EmbeddedBroker broker;
        EmbeddedDatabase database;
        StackKeys keys;
        try {
            requireFreePorts(options);
            keys = StackKeys.loadOrCreate(options.dataDir().resolve("keys.properties"));
            log.info("Starting the broker on port {}", options.kafkaPort());
            broker = EmbeddedBroker.start(options.dataDir().resolve("kafka"), options.kafkaPort(),
                    options.controllerPort());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            log.info("Starting PostgreSQL on port {}", options.postgresPort());
            database = EmbeddedDatabase.start(options.dataDir().resolve("postgres"), options.postgresPort());
        } catch (IOException | RuntimeException e) {
            broker.close();
            lock.close();
            throw e;
        }
        var stack = new LocalStack(options, lock, keys, broker, database);
        try {
            stack.createTopics();
            stack.startServices(logs);
            return stack;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + options.registryPort();
    }

    public String ingestUrl() {
        return "http://127.0.0.1:" + options.ingestPort();
    }

    public String serviceUrl(String service) {
        return "http://127.0.0.1:" + require(service).port();
    }

    public String adminKey() {
        return keys.adminKey();
    }

    /** The key of {@code POST /v1/events} on the ingest service. */
    public String ingestKey() {
        return keys.ingestKey();
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public Path logDir() {
        return options.dataDir().resolve("logs");
    }

    public List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    /** The process id of one running service, for reading its resident memory or profiling it. */
    public long pid(String service) {
        return require(service).pid();
    }

    /** Kills one service at once, as a crash would. */
    public void kill(String service) throws InterruptedException {
        require(service).kill();
    }

    /** Starts one service again after {@link #kill}, and waits until it is healthy. */
    public void restart(String service) throws IOException, InterruptedException {
        ServiceProcess fresh;
        synchronized (this) {
            requireRunning();
            ServiceProcess old = require(service);
            old.close();
            fresh = launch(service, old.port(), logDir());
            services.put(service, fresh);
        }
        fresh.awaitHealthy(STARTUP_TIMEOUT);
    }

    /**
     * Starts again every service whose process has ended, as a supervisor would, and says so on
     * the launcher's log. Returns the services that were restarted; none once {@link #close} has
     * begun, since services that end then are being stopped.
     */
    public List<String> restartEndedServices() throws IOException, InterruptedException {
        List<ServiceProcess> started = new ArrayList<>();
        synchronized (this) {
            if (stopping) {
                return List.of();
            }
            for (ServiceProcess service : new ArrayList<>(services.values())) {
                if (!service.isAlive()) {
                    log.warn("{} exited with code {}; starting it again (its log: {})", service.name(),
                            service.exitValue(), service.logFile());
                    ServiceProcess fresh = launch(service.name(), service.port(), logDir());
                    services.put(service.name(), fresh);
                    started.add(fresh);
                }
            }
        }
        List<String> restarted = new ArrayList<>();
        for (ServiceProcess fresh : started) {
            fresh.awaitHealthy(STARTUP_TIMEOUT);
            log.info("{} is up again on port {}", fresh.name(), fresh.port());
            restarted.add(fresh.name());
        }
        return restarted;
    }

    /** Whether {@link #close} has begun. */
    public boolean stopping() {
        return stopping;
    }

    /** Stops the services, PostgreSQL and the broker; no service is started again from now on. */
    @Override
    public void close() throws IOException, InterruptedException {
        stopping = true;
        synchronized (this) {
            for (ServiceProcess service : services.values()) {
                log.info("Stopping {}", service.name());
                service.close();
            }
            services.clear();
            log.info("Stopping PostgreSQL");
            database.close();
            log.info("Stopping the broker");
            broker.close();
            lock.close();
        }
    }

    private void requireRunning() {
        if (stopping) {
            throw new IllegalStateException("The stack is stopping");
        }
    }

    /**
     * Fails unless every port the stack listens on is free, naming the first one that is not: a
     * service left over from an earlier stack would otherwise answer the health checks.
     */
    private static void requireFreePorts(StackOptions options) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("the broker", options.kafkaPort());
        ports.put("the broker's controller", options.controllerPort());
        ports.put("PostgreSQL", options.postgresPort());
        ports.put("registry-service", options.registryPort());
        ports.put("ingest-service", options.ingestPort());
        ports.put("dispatch-service", options.dispatchPort());
        ports.put("retry-service", options.retryPort());
        ports.forEach((owner, port) -> {
            try (var socket = new java.net.ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(port));
            } catch (IOException e) {
                throw new IllegalStateException("Port " + port + " for " + owner + " is in use, perhaps by a "
                        + "process of an earlier stack; stop it first (ss -ltnp 'sport = :" + port + "' shows it)");
            }
        });
    }

    private void createTopics() {
        TopicNames topics = TopicNames.defaults();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.all().stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> newTopic(topics, name))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                log.info("Created topics {}", missing.stream().map(NewTopic::name).collect(Collectors.joining(", ")));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create the topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the topics", e);
        }
    }

    private NewTopic newTopic(TopicNames topics, String name) {
        var topic = new NewTopic(name, options.partitions(), (short) 1);
        Map<String, String> config = new HashMap<>();
        config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(2 * 1024 * 1024));
        if (name.equals(topics.webhooksChangelog())) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return topic.configs(config);
    }

    private void startServices(Path logs) throws IOException, InterruptedException {
        record Planned(String name, int port) {
        }
        List<Planned> planned = List.of(
                new Planned("registry-service", options.registryPort()),
                new Planned("ingest-service", options.ingestPort()),
                new Planned("dispatch-service", options.dispatchPort()),
                new Planned("retry-service", options.retryPort()));
        for (Planned service : planned) {
            services.put(service.name(), launch(service.name(), service.port(), logs));
        }
        for (ServiceProcess service : new ArrayList<>(services.values())) {
            service.awaitHealthy(STARTUP_TIMEOUT);
            log.info("{} is up on port {} (pid {})", service.name(), service.port(), service.pid());
        }
    }

    private ServiceProcess launch(String name, int port, Path logs) throws IOException {
        return ServiceProcess.start(name, executableJar(name), port, environmentOf(name), logs, SERVICE_JVM_OPTIONS);
    }

    private Map<String, String> environmentOf(String service) {
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("MONITORFLOW_TOPICS_PARTITIONS", Integer.toString(options.partitions()));
        env.put("MONITORFLOW_SECRETS_ENCRYPTION_KEY", keys.encryptionKey());
        env.put("MONITORFLOW_ENDPOINTS_ALLOW_HTTP", "true");
        env.put("MONITORFLOW_ENDPOINTS_ALLOW_LOOPBACK", "true");
        // The local stack is for this machine only: its services answer on loopback.
        env.put("SERVER_ADDRESS", "127.0.0.1");
        if (service.equals("registry-service")) {
            env.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", EmbeddedDatabase.USER);
            env.put("SPRING_DATASOURCE_PASSWORD", "");
            env.put("MONITORFLOW_REGISTRY_ADMIN_KEY", keys.adminKey());
        }
        if (service.equals("ingest-service")) {
            env.put("MONITORFLOW_INGEST_HTTP_API_KEY", keys.ingestKey());
            // Stable across restarts, so a restarted ingest aborts what the previous process left open.
            env.put("INGEST_INSTANCE_ID", "local-ingest-1");
        }
        env.putAll(options.extraEnvironment());
        return env;
    }

    private Path executableJar(String service) throws IOException {
        Path target = options.home().resolve(service).resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, service + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("No executable jar of " + service + " in " + target
                + "; build it first with ./mvnw -DskipTests install");
    }

    private ServiceProcess require(String service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalArgumentException("No service named " + service + "; known: " + services.keySet());
        }
        return process;
    }

    /** The admin, ingest and secret encryption keys, made once per data directory and kept there. */
    record StackKeys(String adminKey, String ingestKey, String encryptionKey) {

        static StackKeys loadOrCreate(Path file) throws IOException {
            var props = new Properties();
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
            }
            boolean added = props.putIfAbsent("admin-key", "mfadm_" + randomToken()) == null;
            added |= props.putIfAbsent("ingest-key", "mfing_" + randomToken()) == null;
            added |= props.putIfAbsent("encryption-key", SecretCipher.generateKey()) == null;
            if (added) {
                try (OutputStream out = Files.newOutputStream(file)) {
                    props.store(out, "Keys of this local stack; keep this file private");
                }
            }
            return new StackKeys(props.getProperty("admin-key"), props.getProperty("ingest-key"),
                    props.getProperty("encryption-key"));
        }

        private static String randomToken() {
            return SecretCipher.generateKey().replace('+', '-').replace('/', '_').replace("=", "");
        }
    }
}
