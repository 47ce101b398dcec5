package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MailClusterSpec;
import io.mailfleet.operator.api.v1alpha1.MonitorKind;
import io.mailfleet.operator.api.v1alpha1.MonitoringSpec;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class MtaMonitorModelTest {

  @Test
  void clusterWithoutMonitoringOrWithItOffHasNoMonitor() {
    assertThat(MtaMonitorModel.of(cluster(null))).isEmpty();
    assertThat(MtaMonitorModel.of(cluster(new MonitoringSpec().setEnabled(false)))).isEmpty();
  }

  @Test
  void podMonitorScrapesTheClustersMtaPodsOnTheAdminPortAtTheInterval() {
    GenericKubernetesResource monitor =
        resource(new MonitoringSpec().setEnabled(true).setInterval("15s"));

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getKind()).isEqualTo("PodMonitor");
    assertThat(monitor.getMetadata().getName()).isEqualTo("eu-mta");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo("mail");
    assertThat(spec(monitor).get("selector"))
        .isEqualTo(
            Map.of(
                "matchLabels",
                Map.of("app.kubernetes.io/name", "mailfleet-mta", "mailfleet.io/cluster", "eu")));
    assertThat(endpoint(monitor, "podMetricsEndpoints"))
        .containsEntry("port", "admin")
        .containsEntry("path", "/metrics")
        .containsEntry("interval", "15s");
  }

  @Test
  void monitorKindAndIntervalDefaultToAPodMonitorEveryThirtySeconds() {
    GenericKubernetesResource monitor = resource(new MonitoringSpec().setEnabled(true));

    assertThat(monitor.getKind()).isEqualTo("PodMonitor");
    assertThat(endpoint(monitor, "podMetricsEndpoints")).containsEntry("interval", "30s");
  }

  @Test
  void serviceMonitorScrapesTheTiersServicesWithTheSameSelector() {
    GenericKubernetesResource monitor =
        resource(new MonitoringSpec().setEnabled(true).setKind(MonitorKind.SERVICE_MONITOR));

    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(monitor.getMetadata().getName()).isEqualTo("eu-mta");
    assertThat(spec(monitor)).doesNotContainKey("podMetricsEndpoints");
    assertThat(endpoint(monitor, "endpoints")).containsEntry("port", "admin");
  }

  @Test
  void everyTargetGetsTheJobTierAndMailclusterLabelsTheAlertsSelect() {
    GenericKubernetesResource monitor = resource(new MonitoringSpec().setEnabled(true));

    assertThat(endpoint(monitor, "podMetricsEndpoints").get("relabelings"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .containsExactly(
            Map.of("targetLabel", "job", "replacement", "mailfleet-mta"),
            Map.of(
                "sourceLabels",
                List.of("__meta_kubernetes_pod_label_mailfleet_io_tier"),
                "targetLabel",
                "tier"),
            Map.of(
                "sourceLabels",
                List.of("__meta_kubernetes_pod_label_mailfleet_io_cluster"),
                "targetLabel",
                "mailcluster"));
  }

  @Test
  void monitorIsOwnedByTheMailClusterSoItGoesWithIt() {
    OwnerReference owner =
        resource(new MonitoringSpec().setEnabled(true)).getMetadata().getOwnerReferences().get(0);

    assertThat(owner.getKind()).isEqualTo("MailCluster");
    assertThat(owner.getName()).isEqualTo("eu");
    assertThat(owner.getUid()).isEqualTo("uid-eu");
    assertThat(owner.getController()).isTrue();
  }

  @Test
  void missingCrdConditionNamesTheKindAndWhenItIsLookedForAgain() {
    Observation missing =
        MtaMonitorModel.of(cluster(new MonitoringSpec().setEnabled(true)))
            .orElseThrow()
            .crdMissing("60s");

    assertThat(missing.type()).isEqualTo("MonitoringReady");
    assertThat(missing.status()).isEqualTo(ConditionStatus.FALSE);
    assertThat(missing.reason()).isEqualTo(MtaMonitorModel.CRD_MISSING);
    assertThat(missing.message())
        .contains("no PodMonitor", "Prometheus Operator", "monitoring.coreos.com/v1", "60s");
  }

  @Test
  void appliedKindIsReadBackFromTheConditionItWroteAndOnlyWhileItHolds() {
    MtaMonitorModel serviceMonitor =
        MtaMonitorModel.of(
                cluster(new MonitoringSpec().setEnabled(true).setKind(MonitorKind.SERVICE_MONITOR)))
            .orElseThrow();
    Observation applied = serviceMonitor.applied();
    Observation missing = serviceMonitor.crdMissing("60s");

    assertThat(MtaMonitorModel.applied(List.of(condition(applied))))
        .contains(MonitorKind.SERVICE_MONITOR);
    assertThat(MtaMonitorModel.applied(List.of(condition(missing)))).isEmpty();
    assertThat(MtaMonitorModel.applied(null)).isEmpty();
  }

  private static GenericKubernetesResource resource(MonitoringSpec monitoring) {
    return MtaMonitorModel.of(cluster(monitoring)).orElseThrow().resource();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource monitor) {
    return (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> endpoint(GenericKubernetesResource monitor, String field) {
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec(monitor).get(field);
    assertThat(endpoints).hasSize(1);
    return endpoints.get(0);
  }

  private static Condition condition(Observation observation) {
    return new Condition()
        .setType(observation.type())
        .setStatus(observation.status())
        .setReason(observation.reason());
  }

  private static MailCluster cluster(MonitoringSpec monitoring) {
    MailCluster cluster = new MailCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder().withName("eu").withNamespace("mail").withUid("uid-eu").build());
    cluster.setSpec(new MailClusterSpec().setHostname("mx.example.com").setMonitoring(monitoring));
    return cluster;
  }
}
