package com.monitorflow.webhooks.localstack.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack keeps its data and which ports it listens on.
 *
 * @param home the repository root, where each service's executable jar is found under
 *     {@code <service>/target}
 * @param dataDir where the broker, the database, the keys and the logs live
 * @param kafkaPort the broker's client port
 * @param controllerPort the broker's KRaft controller port
 * @param postgresPort the database port
 * @param registryPort the registry's HTTP port (the REST API)
 * @param ingestPort the ingest service's HTTP port
 * @param dispatchPort the dispatch service's HTTP port
 * @param retryPort the retry service's HTTP port
 * @param partitions partitions of every topic
 * @param extraEnvironment more environment variables for every service, such as shorter retry delays
 */
public record StackOptions(
        Path home,
        Path dataDir,
        int kafkaPort,
        int controllerPort,
        int postgresPort,
        int registryPort,
        int ingestPort,
        int dispatchPort,
        int retryPort,
        int partitions,
        Map<String, String> extraEnvironment) {

    public StackOptions {
        extraEnvironment = Map.copyOf(extraEnvironment);
    }

    /** The defaults of the {@code run} command: data in {@code .local} under {@code home}. */
    public static StackOptions defaults(Path home) {
        return new StackOptions(home, home.resolve(".local"), 19092, 19093, 15432, 8080, 8081, 8082, 8083, 6, Map.of());
    }

    public StackOptions withDataDir(Path dataDir) {
        return new StackOptions(home, dataDir, kafkaPort, controllerPort, postgresPort, registryPort, ingestPort,
                dispatchPort, retryPort, partitions, extraEnvironment);
    }

    public StackOptions withPorts(int kafka, int controller, int postgres, int registry, int ingest, int dispatch,
            int retry) {
        return new StackOptions(home, dataDir, kafka, controller, postgres, registry, ingest, dispatch, retry,
                partitions, extraEnvironment);
    }

    public StackOptions withExtraEnvironment(Map<String, String> environment) {
        return new StackOptions(home, dataDir, kafkaPort, controllerPort, postgresPort, registryPort, ingestPort,
                dispatchPort, retryPort, partitions, environment);
    }
}
