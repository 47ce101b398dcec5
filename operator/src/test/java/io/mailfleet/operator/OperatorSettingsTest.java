package io.mailfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.operator.model.AdminApiClients;
import io.mailfleet.operator.model.MtaAwsEnvironment;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator's configuration from its environment. */
class OperatorSettingsTest {

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("MAILFLEET_CLUSTER_ID", "eu-west-1-prod");
    env.put("MAILFLEET_MTA_IMAGE", "mailfleet.local/mta:0.1.0");
    env.put("POD_NAMESPACE", "mailfleet-system");
    env.put("POD_NAME", "mailfleet-operator-abc");
    return env;
  }

  @Test
  void noNamespaceListMeansAllNamespacesWithLeaderElection() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(env());

    assertThat(settings.watchesAllNamespaces()).isTrue();
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaseNamespace()).isEqualTo("mailfleet-system");
    assertThat(settings.identity()).isEqualTo("mailfleet-operator-abc");
    assertThat(settings.httpPort()).isEqualTo(8080);
  }

  @Test
  void theAwsRegionComesFromAwsRegionElseAwsDefaultRegion() {
    Map<String, String> both = env();
    both.put("AWS_REGION", "eu-west-1");
    both.put("AWS_DEFAULT_REGION", "us-east-1");
    Map<String, String> defaultOnly = env();
    defaultOnly.put("AWS_DEFAULT_REGION", "us-east-1");

    assertThat(OperatorSettings.fromEnvironment(both).awsRegion()).isEqualTo("eu-west-1");
    assertThat(OperatorSettings.fromEnvironment(defaultOnly).awsRegion()).isEqualTo("us-east-1");
    assertThat(OperatorSettings.fromEnvironment(env()).awsRegion()).isNull();
  }

  @Test
  void aCommaSeparatedListNamesTheWatchedNamespaces() {
    Map<String, String> env = env();
    env.put("MAILFLEET_WATCH_NAMESPACES", "mail-eu, mail-us ,");

    assertThat(OperatorSettings.fromEnvironment(env).namespaces())
        .containsExactlyInAnyOrder("mail-eu", "mail-us");
  }

  @Test
  void adminApiClientsComeFromTheChartsVariablesAndTheOperatorsNamespace() {
    Map<String, String> env = env();
    env.put(
        "MAILFLEET_OPERATOR_POD_LABELS",
        "app.kubernetes.io/name=mailfleet-operator,app.kubernetes.io/instance=mf");
    env.put("MAILFLEET_PROMETHEUS_NAMESPACE_LABELS", "kubernetes.io/metadata.name=monitoring");
    env.put("MAILFLEET_PROMETHEUS_POD_LABELS", "");

    AdminApiClients clients = OperatorSettings.fromEnvironment(env).adminApiClients();

    assertThat(clients.operatorNamespace()).isEqualTo("mailfleet-system");
    assertThat(clients.operatorPodLabels())
        .isEqualTo(
            Map.of(
                "app.kubernetes.io/name", "mailfleet-operator",
                "app.kubernetes.io/instance", "mf"));
    assertThat(clients.prometheusNamespaceLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
    assertThat(clients.prometheusPodLabels()).as("set but empty: any pod").isEmpty();
    assertThat(OperatorSettings.fromEnvironment(env()).adminApiClients().prometheusPodLabels())
        .as("not set: the usual Prometheus label")
        .isEqualTo(AdminApiClients.DEFAULT_PROMETHEUS_POD_LABELS);
  }

  @Test
  void malformedLabelsAreNamed() {
    Map<String, String> env = env();
    env.put("MAILFLEET_OPERATOR_POD_LABELS", "mailfleet-operator");

    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(env))
        .hasMessageContaining("MAILFLEET_OPERATOR_POD_LABELS must be key=value pairs");
  }

  @Test
  void leaderElectionOffNeedsNoPodIdentity() {
    Map<String, String> env = env();
    env.put("MAILFLEET_LEADER_ELECTION", "false");
    env.remove("POD_NAMESPACE");
    env.remove("POD_NAME");

    assertThat(OperatorSettings.fromEnvironment(env).leaderElection()).isFalse();
  }

  @Test
  void aMissingOrMalformedVariableIsNamed() {
    Map<String, String> noImage = env();
    noImage.remove("MAILFLEET_MTA_IMAGE");
    Map<String, String> badFlag = env();
    badFlag.put("MAILFLEET_LEADER_ELECTION", "yes");
    Map<String, String> noLeaseNamespace = env();
    noLeaseNamespace.remove("POD_NAMESPACE");

    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(noImage))
        .hasMessageContaining("MAILFLEET_MTA_IMAGE");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(badFlag))
        .hasMessageContaining("MAILFLEET_LEADER_ELECTION");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(noLeaseNamespace))
        .hasMessageContaining("POD_NAMESPACE");
  }

  @Test
  void awsRegionAndEndpointAreWhatMtaPodsReadingSqsAreTold() {
    Map<String, String> env = env();
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:15000");

    OperatorSettings settings = OperatorSettings.fromEnvironment(env);

    assertThat(settings.mtaAwsEnvironment())
        .isEqualTo(new MtaAwsEnvironment("eu-west-1", "http://127.0.0.1:15000"));
  }

  @Test
  void withoutAwsVariablesMtaPodsAreToldNothing() {
    Map<String, String> env = env();
    env.put("AWS_ENDPOINT_URL", "");

    assertThat(OperatorSettings.fromEnvironment(env).mtaAwsEnvironment())
        .isEqualTo(MtaAwsEnvironment.NONE);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    assertThat(OperatorSettings.fromEnvironment(env).mtaAwsEnvironment().region())
        .isEqualTo("us-east-1");
  }

  @Test
  void namedConstructionStartsFromTheProcessDefaults() {
    OperatorSettings settings = OperatorSettings.of("it", "mailfleet.local/mta:it");

    assertThat(settings.watchesAllNamespaces()).isTrue();
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.httpPort()).isEqualTo(8080);
  }

  @Test
  void eachNamedSettingChangesOnlyItself() {
    OperatorSettings settings =
        OperatorSettings.of("it", "mailfleet.local/mta:it")
            .watching(Set.of("mail-eu"))
            .withLeaderElection("mailfleet-system", "replica-a")
            .withHttpPort(0);

    assertThat(settings.namespaces()).containsExactly("mail-eu");
    assertThat(settings.clusterId()).isEqualTo("it");
    assertThat(settings.defaultImage()).isEqualTo("mailfleet.local/mta:it");
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaseNamespace()).isEqualTo("mailfleet-system");
    assertThat(settings.identity()).isEqualTo("replica-a");
    assertThat(settings.httpPort()).isZero();
  }

  @Test
  void leaderElectionByNameStillNeedsTheLeaseNamespace() {
    OperatorSettings settings = OperatorSettings.of("it", "mailfleet.local/mta:it");

    assertThatThrownBy(() -> settings.withLeaderElection(null, "replica-a"))
        .hasMessageContaining("POD_NAMESPACE");
  }
}
