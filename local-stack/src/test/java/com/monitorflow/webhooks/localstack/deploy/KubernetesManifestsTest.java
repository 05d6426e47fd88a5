package com.monitorflow.webhooks.localstack.deploy;

import static com.monitorflow.webhooks.localstack.deploy.ComposeFileTest.map;
import static com.monitorflow.webhooks.localstack.deploy.ComposeFileTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.monitorflow.webhooks.model.TopicNames;

import org.junit.jupiter.api.Test;

/** deploy/ agrees with the modules, their ports, their properties and the partition count. */
class KubernetesManifestsTest {

    private final ProjectFiles project = ProjectFiles.locate();

    @Test
    void everyDeployFileParses() {
        List<String> files = project.deployYamlFiles();

        assertThat(files).contains("deploy/base/kustomization.yaml", "deploy/overlays/production/kustomization.yaml",
                "deploy/prometheus/prometheus.yml", "deploy/prometheus/alerts.yml");
        for (String file : files) {
            assertThat(project.yamlDocuments(file)).as(file).isNotEmpty();
        }
    }

    @Test
    void kustomizationsListOnlyFilesThatExist() {
        for (String dir : List.of("deploy/base", "deploy/overlays/production")) {
            Map<String, Object> kustomization = project.yaml(dir + "/kustomization.yaml");
            List<String> referenced = new ArrayList<>(strings(kustomization.get("resources")));
            for (Object patch : (List<?>) kustomization.getOrDefault("patches", List.of())) {
                Object path = map(patch).get("path");
                if (path != null) {
                    referenced.add(path.toString());
                }
            }

            for (String file : referenced) {
                assertThat(project.path(dir).resolve(file).normalize()).as(dir + " -> " + file).exists();
            }
        }
    }

    @Test
    void deploymentsAreTheServiceModulesWithProbesResourcesAndGracefulShutdown() {
        Map<String, Map<String, Object>> deployments = objects("Deployment");

        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(ProjectFiles.SERVICES);
        deployments.forEach((name, deployment) -> {
            Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
            Map<String, Object> container = container(deployment);

            assertThat(pod.get("terminationGracePeriodSeconds")).as(name).isNotNull();
            assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path"))
                    .isEqualTo("/actuator/health/liveness");
            assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path"))
                    .isEqualTo("/actuator/health/readiness");
            assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
            assertThat(map(map(container.get("resources")).get("limits"))).containsKey("memory");
        });
        assertThat(objects("PodDisruptionBudget").keySet()).containsExactlyInAnyOrderElementsOf(ProjectFiles.SERVICES);
        assertThat(objects("Service").keySet()).containsExactlyInAnyOrderElementsOf(ProjectFiles.SERVICES);
    }

    @Test
    void portsMatchEachServicesServerPort() {
        for (String service : ProjectFiles.SERVICES) {
            int port = project.serverPort(service);
            Map<String, Object> deployment = objects("Deployment").get(service);
            Map<String, Object> container = container(deployment);
            Map<String, Object> podMetadata = map(map(map(deployment.get("spec")).get("template")).get("metadata"));
            Map<String, Object> servicePort = map(((List<?>) map(objects("Service").get(service).get("spec"))
                    .get("ports")).getFirst());

            assertThat(map(((List<?>) container.get("ports")).getFirst()).get("containerPort")).as(service)
                    .isEqualTo(port);
            assertThat(map(podMetadata.get("annotations")).get("prometheus.io/port")).as(service)
                    .isEqualTo(Integer.toString(port));
            assertThat(servicePort.get("port")).as(service).isEqualTo(port);
            assertThat(project.read("deploy/prometheus/prometheus.yml")).contains("\"" + service + ":" + port + "\"");
        }
    }

    @Test
    void everyEnvironmentVariableBindsToAPropertyTheServiceDeclares() {
        Map<String, Set<String>> variables = new HashMap<>();
        for (String file : manifestFiles()) {
            for (Object document : project.yamlDocuments(file)) {
                Map<String, Object> object = map(document);
                String name = String.valueOf(map(object.get("metadata")).get("name"));
                if ("ConfigMap".equals(object.get("kind")) && name.endsWith("-config")) {
                    String service = name.substring(0, name.length() - "-config".length());
                    variables.computeIfAbsent(service, s -> new TreeSet<>())
                            .addAll(map(object.get("data")).keySet());
                }
                if ("Deployment".equals(object.get("kind")) && map(object.get("spec")).containsKey("template")) {
                    for (Object entry : (List<?>) container(object).getOrDefault("env", List.of())) {
                        variables.computeIfAbsent(name, s -> new TreeSet<>()).add(map(entry).get("name").toString());
                    }
                }
            }
        }

        assertThat(variables.keySet()).containsExactlyInAnyOrderElementsOf(ProjectFiles.SERVICES);
        variables.forEach((service, names) -> {
            Set<String> bindable = project.bindableNames(service);
            for (String variable : names) {
                assertThat(ProjectFiles.JVM_VARIABLES.contains(variable)
                        || bindable.contains(ProjectFiles.canonical(variable)))
                        .as("%s sets %s, which it does not declare", service, variable).isTrue();
            }
        });
    }

    @Test
    void secretsAreReferencedNeverCommitted() {
        for (String file : manifestFiles()) {
            for (Object document : project.yamlDocuments(file)) {
                assertThat(map(document).get("kind")).as(file).isNotEqualTo("Secret");
            }
        }
        assertThat(container(objects("Deployment").get("registry-service")).get("env").toString())
                .contains("secretKeyRef");
    }

    @Test
    void scaledObjectsScaleTheConsumersAndNeverBeyondThePartitionCount() {
        int partitions = TopicNames.defaults().partitions();
        Map<String, Map<String, Object>> scaled = objects("ScaledObject");

        assertThat(scaled.keySet()).containsExactlyInAnyOrder("ingest-service", "dispatch-service", "retry-service");
        scaled.forEach((name, object) -> {
            Map<String, Object> spec = map(object.get("spec"));
            assertThat(map(spec.get("scaleTargetRef")).get("name")).isEqualTo(name);
            assertThat((Integer) spec.get("maxReplicaCount")).as(name).isLessThanOrEqualTo(partitions);
            for (Object trigger : (List<?>) spec.get("triggers")) {
                Map<String, Object> metadata = map(map(trigger).get("metadata"));
                Object group = metadata.get("consumerGroup");
                if (group != null) {
                    assertThat(serviceMentionsGroup(name, group.toString())).as(name + " uses group " + group).isTrue();
                }
            }
        });
    }

    private boolean serviceMentionsGroup(String service, String group) {
        Map<String, String> config = project.applicationConfig(service);
        if (group.equals(config.get("spring.kafka.consumer.group-id"))) {
            return true;
        }
        try (var sources = java.nio.file.Files.walk(project.path(service + "/src/main/java"))) {
            return sources.filter(p -> p.toString().endsWith(".java"))
                    .anyMatch(p -> project.read(project.root().relativize(p).toString())
                            .contains("@DefaultValue(\"" + group + "\") String groupId"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> manifestFiles() {
        return project.deployYamlFiles().stream()
                .filter(f -> f.startsWith("deploy/base/") || f.startsWith("deploy/overlays/"))
                .filter(f -> !f.endsWith("kustomization.yaml"))
                .toList();
    }

    private Map<String, Map<String, Object>> objects(String kind) {
        Map<String, Map<String, Object>> objects = new HashMap<>();
        for (String file : project.deployYamlFiles()) {
            if (!file.startsWith("deploy/base/")) {
                continue;
            }
            for (Object document : project.yamlDocuments(file)) {
                Map<String, Object> object = map(document);
                if (kind.equals(object.get("kind"))) {
                    objects.put(map(object.get("metadata")).get("name").toString(), object);
                }
            }
        }
        return objects;
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<?> containers = (List<?>) map(map(map(deployment.get("spec")).get("template")).get("spec"))
                .get("containers");
        return map(containers.getFirst());
    }
}
