package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MonitoringSpec;
import io.mailfleet.operator.model.ConditionTransitions;
import io.mailfleet.operator.model.MtaMonitorModel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * spec.monitoring against a real API server: without the Prometheus Operator's PodMonitor CRD the
 * MailCluster says so and stays quiet; once the CRD appears the PodMonitor is rendered; turning
 * monitoring off removes it.
 *
 * <p>A CRD is cluster-wide. The test installs a stand-in PodMonitor CRD (group and names of the
 * Prometheus Operator's, schema open) only when none is installed, and deletes it at the end only
 * if it installed it, so a real Prometheus Operator in the cluster is never touched. With one
 * installed, the test cannot see the CRD missing and fails saying so, rather than passing on half.
 */
@LocalCluster
class MtaMonitorIT {

  private static final String CRD_NAME = "podmonitors.monitoring.coreos.com";
  private static final String FIXTURE_LABEL = "mailfleet.io/test-fixture";

  @Test
  void podMonitorWaitsQuietlyForItsCrdThenAppearsAndGoesWhenMonitoringIsOff(
      KubernetesClient client) {
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get())
        .as(
            CRD_NAME
                + " is installed (by the Prometheus Operator, or left by an interrupted run of"
                + " this test: then delete it, it carries the label "
                + FIXTURE_LABEL
                + "): the missing-CRD path cannot be tested")
        .isNull();
    InstalledCrds.apply(client);
    try (InProcessOperator operator = InProcessOperator.start(client)) {
      MailCluster cluster = TierFixtures.cluster("watched");
      cluster.getSpec().setMonitoring(new MonitoringSpec().setEnabled(true).setInterval("20s"));
      client.resource(cluster).serverSideApply();

      Condition missing = awaitMonitoring(client, MtaMonitorModel.CRD_MISSING);
      assertThat(missing.getMessage()).contains("PodMonitor", "Prometheus Operator");
      double reconciliations = operator.reconciliations();
      await()
          .during(Duration.ofSeconds(8))
          .atMost(Duration.ofSeconds(12))
          .until(() -> operator.reconciliations() == reconciliations);

      installPodMonitorCrd(client);
      try {
        awaitMonitoring(client, "PodMonitorApplied");
        GenericKubernetesResource podMonitor =
            client
                .genericKubernetesResources(MtaMonitorModel.API_VERSION, "PodMonitor")
                .withName("watched-mta")
                .get();
        assertThat(podMonitor.<Object>get("spec", "selector", "matchLabels"))
            .isEqualTo(
                Map.of(
                    "app.kubernetes.io/name", "mailfleet-mta", "mailfleet.io/cluster", "watched"));
        assertThat(podMonitor.<Object>get("spec", "podMetricsEndpoints", 0, "interval"))
            .isEqualTo("20s");
        assertThat(podMonitor.getMetadata().getOwnerReferences())
            .singleElement()
            .satisfies(owner -> assertThat(owner.getName()).isEqualTo("watched"));

        MailCluster off = client.resources(MailCluster.class).withName("watched").get();
        off.getSpec().getMonitoring().setEnabled(false);
        off.getMetadata().setManagedFields(null);
        off.getMetadata().setResourceVersion(null);
        off.setStatus(null);
        client.resource(off).serverSideApply();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    client
                            .genericKubernetesResources(MtaMonitorModel.API_VERSION, "PodMonitor")
                            .withName("watched-mta")
                            .get()
                        == null);
      } finally {
        client.resources(MailCluster.class).withName("watched").delete();
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withLabel(FIXTURE_LABEL, "MtaMonitorIT")
            .delete();
      }
    }
  }

  private static Condition awaitMonitoring(KubernetesClient client, String reason) {
    return await()
        .atMost(Duration.ofSeconds(MtaMonitorStep.RECHECK.toSeconds() + 60))
        .until(
            () ->
                Optional.ofNullable(client.resources(MailCluster.class).withName("watched").get())
                    .map(MailCluster::getStatus)
                    .flatMap(
                        status ->
                            ConditionTransitions.find(
                                status.getConditions(), MtaMonitorModel.MONITORING_READY))
                    .filter(c -> reason.equals(c.getReason()))
                    .orElse(null),
            java.util.Objects::nonNull);
  }

  // The Prometheus Operator's group and names with an open schema: enough to store a PodMonitor.
  private static void installPodMonitorCrd(KubernetesClient client) {
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName(CRD_NAME)
            .addToLabels(FIXTURE_LABEL, "MtaMonitorIT")
            .endMetadata()
            .withNewSpec()
            .withGroup("monitoring.coreos.com")
            .withScope("Namespaced")
            .withNewNames()
            .withKind("PodMonitor")
            .withListKind("PodMonitorList")
            .withPlural("podmonitors")
            .withSingular("podmonitor")
            .endNames()
            .addNewVersion()
            .withName("v1")
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    client.resource(crd).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.supports(MtaMonitorModel.API_VERSION, "PodMonitor"));
  }
}
