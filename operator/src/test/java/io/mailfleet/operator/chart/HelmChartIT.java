package io.mailfleet.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Helm chart, linted and rendered with each per-region values file by the pinned helm. */
class HelmChartIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Helm helm = Helm.onPath();

  @ParameterizedTest
  @ValueSource(
      strings = {"examples/helm/values-us-east-1.yaml", "examples/helm/values-eu-west-1.yaml"})
  void chartLintsCleanWithEachRegionsValues(String values) {
    Helm.Result result =
        helm.run(
            "lint", helm.chart().toString(), "--strict", "--values", helm.file(values).toString());

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).contains("0 chart(s) failed");
  }

  @Test
  void allNamespacesGetAClusterRoleTwoReplicasIrsaAndAServiceMonitor() throws IOException {
    List<JsonNode> objects = documents(helm.template("examples/helm/values-us-east-1.yaml"));

    assertThat(kinds(objects)).contains("ClusterRole", "ClusterRoleBinding", "ServiceMonitor");
    JsonNode deployment = only(objects, "Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(env(deployment, "MAILFLEET_WATCH_NAMESPACES")).isEmpty();
    assertThat(env(deployment, "MAILFLEET_LEADER_ELECTION")).isEqualTo("true");
    assertThat(only(objects, "ServiceAccount").at("/metadata/annotations").toString())
        .contains("eks.amazonaws.com/role-arn");
  }

  @Test
  void aNamespaceListGetsARoleInEachAndNoClusterRole() throws IOException {
    List<JsonNode> objects = documents(helm.template("examples/helm/values-eu-west-1.yaml"));

    assertThat(kinds(objects))
        .doesNotContain("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");
    assertThat(objects.stream().filter(o -> o.path("kind").asText().equals("Role")))
        .extracting(
            o -> o.at("/metadata/name").asText() + "@" + o.at("/metadata/namespace").asText())
        .containsExactlyInAnyOrder(
            "mailfleet@mail-transactional",
            "mailfleet@mail-bulk",
            "mailfleet-leader-election@mailfleet-system");
    assertThat(env(only(objects, "Deployment"), "MAILFLEET_WATCH_NAMESPACES"))
        .isEqualTo("mail-transactional,mail-bulk");
  }

  @Test
  void rbacNamesExactResourcesAndVerbsNeverAWildcard() throws IOException {
    List<JsonNode> objects = documents(helm.template("examples/helm/values-us-east-1.yaml"));

    List<String> grants = new ArrayList<>();
    objects.stream()
        .filter(o -> List.of("ClusterRole", "Role").contains(o.path("kind").asText()))
        .flatMap(o -> stream(o.path("rules")))
        .forEach(
            rule ->
                stream(rule.path("resources"))
                    .forEach(
                        resource ->
                            stream(rule.path("verbs"))
                                .forEach(
                                    verb -> grants.add(resource.asText() + ":" + verb.asText()))));

    assertThat(grants)
        .noneMatch(g -> g.contains("*"))
        .contains(
            "secrets:get",
            "secrets:create",
            "networkpolicies:patch",
            "leases:update",
            "statefulsets:patch",
            "deliverytiers/status:patch",
            "pods:watch")
        .as("a tier's admin token Secret is created once, never rewritten")
        .doesNotContain("secrets:update", "secrets:delete", "statefulsets:delete", "pods:delete");
  }

  @Test
  void operatorPodsAdmitOnlyPrometheusToTheirHttpPortAndTellTheOperatorWhoToAdmit()
      throws IOException {
    List<JsonNode> objects = documents(helm.template("examples/helm/values-us-east-1.yaml"));
    JsonNode policy = only(objects, "NetworkPolicy");
    JsonNode deployment = only(objects, "Deployment");

    assertThat(policy.at("/spec/podSelector/matchLabels"))
        .isEqualTo(deployment.at("/spec/selector/matchLabels"));
    assertThat(stream(policy.at("/spec/policyTypes")).map(JsonNode::asText))
        .containsExactly("Ingress");
    assertThat(policy.at("/spec/ingress")).hasSize(1);
    assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
    assertThat(
            policy
                .at("/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1name")
                .asText())
        .isEqualTo("prometheus");
    assertThat(env(deployment, "MAILFLEET_OPERATOR_POD_LABELS"))
        .isEqualTo(
            "app.kubernetes.io/instance=mailfleet,app.kubernetes.io/name=mailfleet-operator");
    assertThat(env(deployment, "MAILFLEET_PROMETHEUS_POD_LABELS"))
        .isEqualTo("app.kubernetes.io/name=prometheus");
    assertThat(env(deployment, "MAILFLEET_PROMETHEUS_NAMESPACE_LABELS"))
        .isEqualTo("kubernetes.io/metadata.name=monitoring");
  }

  @Test
  void networkPolicyCanBeTurnedOff() throws IOException {
    Helm.Result result = templateSetting("networkPolicy.enabled=false");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(kinds(documents(result.stdout()))).doesNotContain("NetworkPolicy");
  }

  @Test
  void podsRunUnderTheRestrictedPodSecurityStandardWithResources() throws IOException {
    JsonNode pod =
        only(documents(helm.template("examples/helm/values-us-east-1.yaml")), "Deployment")
            .at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");

    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
  }

  /** files/crds links to crds/: the chart's CRDs are the committed ones, plus the keep policy. */
  @Test
  void chartCrdsAreTheCommittedCrdsKeptOnUninstall() throws IOException {
    List<JsonNode> crds =
        documents(helm.template("examples/helm/values-us-east-1.yaml")).stream()
            .filter(o -> o.path("kind").asText().equals("CustomResourceDefinition"))
            .toList();
    List<Path> committed;
    try (Stream<Path> files = Files.list(helm.file("crds"))) {
      committed = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }

    assertThat(crds).hasSameSizeAs(committed).isNotEmpty();
    for (Path file : committed) {
      JsonNode expected = YAML.readTree(file.toFile());
      String name = expected.at("/metadata/name").asText();
      JsonNode rendered =
          crds.stream()
              .filter(c -> c.at("/metadata/name").asText().equals(name))
              .findFirst()
              .orElseThrow();
      assertThat(rendered.get("spec")).as(name).isEqualTo(expected.get("spec"));
      assertThat(rendered.at("/metadata/annotations/helm.sh~1resource-policy").asText())
          .isEqualTo("keep");
    }
  }

  /** files/monitoring links to monitoring/: the rules and the dashboard ship byte for byte. */
  @Test
  void prometheusRuleAndDashboardAreTheRepositoryFiles() throws IOException {
    Helm.Result rule = templateSetting("prometheusRule.enabled=true");
    Helm.Result dashboard = templateSetting("grafanaDashboard.enabled=true");
    assertThat(rule.exitCode()).as(rule.describe()).isZero();
    assertThat(dashboard.exitCode()).as(dashboard.describe()).isZero();

    JsonNode prometheusRule = only(documents(rule.stdout()), "PrometheusRule");
    assertThat(prometheusRule.get("spec"))
        .isEqualTo(YAML.readTree(helm.file("monitoring/alerts.yaml").toFile()));
    JsonNode configMap =
        documents(dashboard.stdout()).stream()
            .filter(o -> o.at("/metadata/name").asText().endsWith("-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(configMap.at("/data/mailfleet.json").asText())
        .isEqualTo(Files.readString(helm.file("monitoring/dashboards/mailfleet.json")).strip());
  }

  @Test
  void serviceMonitorGivesTheOperatorTheJobAndKeepsTheNamespaceOfItsSeries() throws IOException {
    Helm.Result result = templateSetting("serviceMonitor.enabled=true");
    assertThat(result.exitCode()).as(result.describe()).isZero();

    JsonNode endpoint = only(documents(result.stdout()), "ServiceMonitor").at("/spec/endpoints/0");
    JsonNode relabeling = endpoint.at("/relabelings/0");
    assertThat(relabeling.path("targetLabel").asText()).isEqualTo("job");
    assertThat(relabeling.path("replacement").asText()).isEqualTo("mailfleet-operator");
    assertThat(endpoint.path("honorLabels").asBoolean())
        .as("the namespace label of per-tier and per-pool series kept as the operator set it")
        .isTrue();
  }

  @Test
  void schemaRefusesAnUnknownValueNamingIt() {
    Helm.Result result = templateSetting("watchNamespace=typo");

    assertThat(result.exitCode()).as(result.describe()).isNotZero();
    assertThat(result.stderr()).contains("watchNamespace");
  }

  /** {@code helm template} with a cluster id and {@code value} set on the command line. */
  private Helm.Result templateSetting(String value) {
    return helm.run(
        "template",
        "mailfleet",
        helm.chart().toString(),
        "--kube-version",
        Helm.KUBE_VERSION,
        "--set",
        "clusterId=test",
        "--set",
        value);
  }

  private static List<JsonNode> documents(String manifests) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.createParser(manifests)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject() && doc.has("kind")) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static List<String> kinds(List<JsonNode> objects) {
    return objects.stream().map(o -> o.path("kind").asText()).toList();
  }

  private static JsonNode only(List<JsonNode> objects, String kind) {
    List<JsonNode> found =
        objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    assertThat(found).as("objects of kind %s", kind).hasSize(1);
    return found.get(0);
  }

  private static String env(JsonNode deployment, String name) {
    return stream(deployment.at("/spec/template/spec/containers/0/env"))
        .filter(e -> e.path("name").asText().equals(name))
        .map(e -> e.path("value").asText())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }
}
