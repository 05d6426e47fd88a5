package com.monitorflow.webhooks.localstack.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What the deployment files are checked against, read from the project itself: the service
 * modules, their {@code server.port}, the properties they declare and the Micrometer meters they
 * register. Reading sources keeps the tests free of running the services, at the price of a few
 * deliberately simple patterns (documented where they are used).
 */
final class ProjectFiles {

    /** The service modules: the modules that are deployed. */
    static final List<String> SERVICES = List.of("registry-service", "ingest-service", "dispatch-service",
            "retry-service");

    /**
     * Spring Boot properties every service has without declaring them in its own configuration;
     * the deployment files may set these (structured logs, probes, graceful shutdown).
     */
    static final Set<String> BOOT_PROPERTIES = Set.of("logging.structured.format.console",
            "management.endpoint.health.probes.enabled", "server.shutdown",
            "spring.lifecycle.timeout-per-shutdown-phase");

    /** Environment variables read by the JVM itself rather than bound to a property. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final Pattern CONFIGURATION_PROPERTIES =
            Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*|value\\s*=\\s*)?\"([^\"]+)\"\\s*\\)");
    private static final Pattern RECORD_HEADER = Pattern.compile("record\\s+\\w+\\s*\\(");
    private static final Pattern COMPONENT_NAME = Pattern.compile("(\\w+)\\s*(?=,|$)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)");
    private static final Pattern METER = Pattern.compile(
            "(Counter|Timer|Gauge|MultiGauge|DistributionSummary|LongTaskTimer)\\.builder\\(\\s*(?:\"([^\"]+)\"|([A-Z][A-Z0-9_]*))");
    private static final Pattern STRING_CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"\\s*\\)");

    private final Path root;

    private ProjectFiles(Path root) {
        this.root = root;
    }

    /** The project root, found from the module directory the tests run in. */
    static ProjectFiles locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return new ProjectFiles(dir);
    }

    Path root() {
        return root;
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    String read(String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of {@code relative}, in order (merge keys resolved). */
    List<Object> yamlDocuments(String relative) {
        List<Object> documents = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(read(relative))) {
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    /** The single YAML document of {@code relative} as a map. */
    @SuppressWarnings("unchecked")
    Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) yamlDocuments(relative).getFirst();
    }

    /** Every YAML file under {@code deploy/}, relative to the root. */
    List<String> deployYamlFiles() {
        try (Stream<Path> files = Files.walk(root.resolve("deploy"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules listed in the root pom. */
    List<String> modules() {
        Matcher matcher = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
        List<String> modules = new ArrayList<>();
        while (matcher.find()) {
            modules.add(matcher.group(1).strip());
        }
        return modules;
    }

    /** The flattened configuration of {@code service} from its application.yml or .properties. */
    Map<String, String> applicationConfig(String service) {
        Map<String, String> config = new LinkedHashMap<>();
        Path yml = root.resolve(service).resolve("src/main/resources/application.yml");
        Path properties = root.resolve(service).resolve("src/main/resources/application.properties");
        if (Files.exists(yml)) {
            flatten("", yaml(root.relativize(yml).toString()), config);
        }
        if (Files.exists(properties)) {
            var loaded = new Properties();
            try (var in = Files.newInputStream(properties)) {
                loaded.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            loaded.forEach((key, value) -> config.put(key.toString(), value.toString()));
        }
        return config;
    }

    /** The {@code server.port} the service listens on by default. */
    int serverPort(String service) {
        String port = applicationConfig(service).get("server.port");
        if (port == null) {
            throw new IllegalStateException(service + " declares no server.port");
        }
        return Integer.parseInt(port.strip());
    }

    /**
     * The names an environment variable may bind to in {@code service}, in canonical form
     * ({@link #canonical}): every key of its application configuration, every placeholder it
     * reads, every component of its {@code @ConfigurationProperties} records and of shared-model's
     * (which every service scans), and the common Spring Boot properties.
     * Limitation: record components are found by a plain pattern (the last word before each
     * top-level comma of the record header, once string literals are blanked), so a generic
     * parameter such as {@code Map<String, X>} adds a harmless extra name; nested classes of
     * JavaBean style properties are not followed.
     */
    Set<String> bindableNames(String service) {
        Set<String> names = new LinkedHashSet<>();
        Map<String, String> config = applicationConfig(service);
        config.keySet().forEach(key -> names.add(canonical(key)));
        config.values().forEach(value -> {
            Matcher matcher = PLACEHOLDER.matcher(value);
            while (matcher.find()) {
                names.add(canonical(matcher.group(1)));
            }
        });
        BOOT_PROPERTIES.forEach(key -> names.add(canonical(key)));
        for (Path source : javaSources(service, "shared-model")) {
            names.addAll(configurationPropertyNames(readPath(source)));
        }
        return names;
    }

    /** Uppercase letters and digits only: how relaxed binding makes env names and property keys meet. */
    static String canonical(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /**
     * The Prometheus names the services expose for their own Micrometer meters, with the suffixes
     * the Prometheus registry adds ({@code _total} for counters; {@code _seconds} and its
     * {@code _count/_sum/_max/_bucket} for timers; the base unit for gauges).
     */
    Set<String> exposedMetricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String service : SERVICES) {
            for (Path source : javaSources(service)) {
                names.addAll(meterNames(readPath(source)));
            }
        }
        return names;
    }

    private static Set<String> meterNames(String source) {
        Map<String, String> constants = new HashMap<>();
        Matcher constant = STRING_CONSTANT.matcher(source);
        while (constant.find()) {
            constants.put(constant.group(1), constant.group(2));
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher meter = METER.matcher(source);
        while (meter.find()) {
            String name = meter.group(2) != null ? meter.group(2) : constants.get(meter.group(3));
            if (name == null) {
                continue;
            }
            int end = source.indexOf(".register(", meter.end());
            String chain = source.substring(meter.end(), end < 0 ? source.length() : end);
            Matcher unit = BASE_UNIT.matcher(chain);
            String base = name.replace('.', '_').replace('-', '_');
            String withUnit = unit.find() && !base.endsWith("_" + unit.group(1)) ? base + "_" + unit.group(1) : base;
            switch (meter.group(1)) {
                case "Counter" -> names.add(withUnit + "_total");
                case "Timer", "LongTaskTimer" -> {
                    String seconds = base + "_seconds";
                    names.addAll(List.of(seconds, seconds + "_count", seconds + "_sum", seconds + "_max",
                            seconds + "_bucket", seconds + "_active_count", seconds + "_duration_sum"));
                }
                case "DistributionSummary" -> names.addAll(List.of(withUnit, withUnit + "_count", withUnit + "_sum",
                        withUnit + "_max", withUnit + "_bucket"));
                default -> names.add(withUnit);
            }
        }
        return names;
    }

    private static Set<String> configurationPropertyNames(String source) {
        Set<String> names = new LinkedHashSet<>();
        Matcher annotation = CONFIGURATION_PROPERTIES.matcher(source);
        if (!annotation.find()) {
            return names;
        }
        String prefix = annotation.group(1);
        names.add(canonical(prefix));
        Matcher header = RECORD_HEADER.matcher(source);
        if (!header.find(annotation.end())) {
            return names;
        }
        String components = topLevelParameters(source, header.end())
                .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        for (String component : splitTopLevel(components)) {
            Matcher name = COMPONENT_NAME.matcher(component.strip());
            String last = null;
            while (name.find()) {
                last = name.group(1);
            }
            if (last != null) {
                names.add(canonical(prefix + "." + last));
            }
        }
        return names;
    }

    /** The text between the opening parenthesis before {@code from} and its matching close. */
    private static String topLevelParameters(String source, int from) {
        int depth = 1;
        int i = from;
        while (i < source.length() && depth > 0) {
            char c = source.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            i++;
        }
        return source.substring(from, i - 1);
    }

    /** Splits on commas that are not inside (), {} or <>. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '{' || c == '<') {
                depth++;
            } else if (c == ')' || c == '}' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private List<Path> javaSources(String... modules) {
        List<Path> sources = new ArrayList<>();
        for (String module : modules) {
            Path dir = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private static String readPath(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
        } else if (node instanceof List<?> list) {
            into.put(prefix, String.join(",", list.stream().map(String::valueOf).toList()));
        } else {
            into.put(prefix, String.valueOf(node));
        }
    }
}
