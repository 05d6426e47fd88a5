package com.monitorflow.webhooks.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.monitorflow.webhooks.model.TopicNames;

import org.junit.jupiter.api.Test;

/** docker-compose.yml agrees with the modules, their ports, their properties and the topic names. */
class ComposeFileTest {

    private static final Set<String> INFRASTRUCTURE = Set.of("kafka", "kafka-topics", "postgres", "prometheus",
            "grafana");
    private static final Pattern TOPIC_LINE = Pattern.compile("^\\s*create\\s+(\\S+)(.*)$", Pattern.MULTILINE);

    private final ProjectFiles project = ProjectFiles.locate();

    @Test
    void composeServicesAreTheServiceModulesAndTheirInfrastructure() {
        Set<String> services = services().keySet();

        assertThat(project.modules()).containsAll(ProjectFiles.SERVICES);
        assertThat(services).containsAll(ProjectFiles.SERVICES);
        assertThat(services).allMatch(name -> ProjectFiles.SERVICES.contains(name) || INFRASTRUCTURE.contains(name),
                "is a service module or known infrastructure");
    }

    @Test
    void everyServiceIsBuiltFromItsOwnDockerfileAndListensOnItsServerPort() {
        for (String service : ProjectFiles.SERVICES) {
            Map<String, Object> definition = service(service);
            int port = project.serverPort(service);

            assertThat(definition.get("build")).as(service).isEqualTo("./" + service);
            assertThat(project.path(service + "/Dockerfile")).exists();
            assertThat(project.read(service + "/Dockerfile")).contains("EXPOSE " + port)
                    .contains("target/" + service + "-*-exec.jar").contains("USER ");
            assertThat(strings(definition.get("ports"))).as(service).contains(port + ":" + port);
            assertThat(healthcheck(definition)).as(service).contains("/tcp/127.0.0.1/" + port + " ");
        }
    }

    @Test
    void everyEnvironmentVariableBindsToAPropertyTheServiceDeclares() {
        for (String service : ProjectFiles.SERVICES) {
            Set<String> bindable = project.bindableNames(service);

            for (String variable : environment(service(service)).keySet()) {
                assertThat(ProjectFiles.JVM_VARIABLES.contains(variable)
                        || bindable.contains(ProjectFiles.canonical(variable)))
                        .as("%s sets %s, which it does not declare", service, variable).isTrue();
            }
        }
    }

    @Test
    void startupIsOrderedByHealthChecks() {
        for (String name : List.of("kafka", "postgres", "prometheus")) {
            assertThat(service(name)).as(name).containsKey("healthcheck");
        }
        for (String service : ProjectFiles.SERVICES) {
            Map<String, Object> dependsOn = map(service(service).get("depends_on"));

            assertThat(map(dependsOn.get("kafka")).get("condition")).as(service).isEqualTo("service_healthy");
            assertThat(map(dependsOn.get("kafka-topics")).get("condition")).as(service)
                    .isEqualTo("service_completed_successfully");
            assertThat(service(service)).as(service).containsKey("healthcheck");
        }
        assertThat(map(map(service("registry-service").get("depends_on")).get("postgres")).get("condition"))
                .isEqualTo("service_healthy");
    }

    @Test
    void topicsCreatedAreExactlyTheProductTopicsWithTheChangelogCompacted() {
        TopicNames topics = TopicNames.defaults();
        String script = String.join("\n", strings(service("kafka-topics").get("command")));
        Map<String, String> created = new HashMap<>();
        Matcher matcher = TOPIC_LINE.matcher(script);
        while (matcher.find()) {
            created.put(matcher.group(1), matcher.group(2));
        }

        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(topics.all());
        created.forEach((topic, options) -> assertThat(options.contains("cleanup.policy=compact"))
                .as(topic).isEqualTo(topic.equals(topics.webhooksChangelog())));
        assertThat(script).contains("--partitions " + topics.partitions());
    }

    @Test
    void noSecretValueIsCommitted() {
        for (String service : ProjectFiles.SERVICES) {
            environment(service(service)).forEach((variable, value) -> {
                if (variable.endsWith("_KEY") || variable.endsWith("PASSWORD")) {
                    assertThat(value).as(variable).startsWith("${").contains(":?");
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> services() {
        return (Map<String, Object>) project.yaml("docker-compose.yml").get("services");
    }

    private Map<String, Object> service(String name) {
        return map(services().get(name));
    }

    private static String healthcheck(Map<String, Object> definition) {
        return String.join(" ", strings(map(definition.get("healthcheck")).get("test")));
    }

    private static Map<String, String> environment(Map<String, Object> definition) {
        Map<String, String> environment = new HashMap<>();
        Object raw = definition.get("environment");
        if (raw instanceof Map<?, ?> values) {
            values.forEach((key, value) -> environment.put(key.toString(), String.valueOf(value)));
        } else if (raw instanceof List<?> entries) {
            for (Object entry : entries) {
                String[] pair = entry.toString().split("=", 2);
                environment.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return environment;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    static List<String> strings(Object node) {
        List<String> values = new ArrayList<>();
        if (node instanceof List<?> list) {
            list.forEach(value -> values.add(String.valueOf(value)));
        } else if (node != null) {
            values.add(node.toString());
        }
        return values;
    }

    static Set<String> setOf(List<String> values) {
        return new LinkedHashSet<>(values);
    }
}
