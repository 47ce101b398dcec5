package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MailClusterStatus;
import io.mailfleet.operator.api.v1alpha1.MonitorKind;
import io.mailfleet.operator.api.v1alpha1.MonitoringSpec;
import io.mailfleet.operator.api.v1alpha1.SecretReference;
import io.mailfleet.operator.api.v1alpha1.TierSummary;
import io.mailfleet.operator.model.ClusterStatusModel;
import io.mailfleet.operator.model.ConditionTransitions;
import io.mailfleet.operator.model.MtaMonitorModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The MailCluster reconciler driven with a stubbed Context: the status a user reads from its tiers
 * and Secret references, and how soon a missing Secret is looked for again.
 */
class MailClusterReconcilerTest {

  private static final String NAMESPACE = "mail-eu";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final List<String> readiness = new ArrayList<>();
  private final FakeMonitors monitors = new FakeMonitors();
  private final MailClusterReconciler reconciler =
      new MailClusterReconciler(
          (kind, namespace, name, ready) ->
              readiness.add(kind + " " + namespace + "/" + name + " " + ready),
          Clock.fixed(NOW, ZoneOffset.UTC),
          client -> monitors);
  private final StubContext<MailCluster> stub = new StubContext<>(NAMESPACE);

  @Test
  void clusterWithoutTiersIsNotReadyAndSaysHowToStartOne() {
    UpdateControl<MailCluster> control = reconciler.reconcile(cluster(), stub.context());

    assertThat(condition(control, "Ready"))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns("NoTiers", Condition::getReason);
    assertThat(condition(control, "Ready").getMessage()).contains("create one");
    assertThat(control.getScheduleDelay()).as("the tier watch wakes it").isEmpty();
    assertThat(readiness).containsExactly("MailCluster mail-eu/mail false");
  }

  @Test
  void clusterIsReadyWhenEveryTierIsAndSumsTheirQueues() {
    stub.holding(
        DeliveryTier.class, Set.of(tier("bulk", true, 1200L), tier("transactional", true, 34L)));

    UpdateControl<MailCluster> control = reconciler.reconcile(cluster(), stub.context());

    MailClusterStatus status = control.getResource().orElseThrow().getStatus();
    assertThat(condition(control, "Ready"))
        .returns(ConditionStatus.TRUE, Condition::getStatus)
        .returns("AllTiersReady", Condition::getReason);
    assertThat(status.getQueueDepth()).isEqualTo(1234L);
    assertThat(status.getTiers())
        .extracting(TierSummary::getName)
        .containsExactly("bulk", "transactional");
    assertThat(readiness).containsExactly("MailCluster mail-eu/mail true");
  }

  @Test
  void clusterWithATierNotReadyNamesIt() {
    stub.holding(
        DeliveryTier.class, Set.of(tier("bulk", false, 0L), tier("transactional", true, 0L)));

    UpdateControl<MailCluster> control = reconciler.reconcile(cluster(), stub.context());

    assertThat(condition(control, "Ready"))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns("TiersNotReady", Condition::getReason)
        .returns("not ready: bulk", Condition::getMessage);
  }

  @Test
  void missingSecretMakesTheClusterDegradedAndIsLookedForAgainSoon() {
    stub.holding(DeliveryTier.class, Set.of(tier("bulk", true, 0L))).withSecret("mx-tls");

    UpdateControl<MailCluster> control =
        reconciler.reconcile(withSecrets(cluster(), "mx-tls", "smtp-users"), stub.context());

    assertThat(condition(control, "Ready"))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns(ClusterStatusModel.SECRET_NOT_FOUND, Condition::getReason);
    assertThat(condition(control, "Degraded"))
        .returns(ConditionStatus.TRUE, Condition::getStatus)
        .returns(ClusterStatusModel.SECRET_NOT_FOUND, Condition::getReason);
    assertThat(condition(control, "Degraded").getMessage())
        .contains("smtp-users")
        .doesNotContain("mx-tls");
    assertThat(control.getScheduleDelay())
        .as("Secrets are not watched: the cluster is looked at again")
        .contains(Duration.ofSeconds(30).toMillis());
  }

  @Test
  void clusterWhoseSecretsAllExistIsNotRescheduled() {
    stub.withSecret("mx-tls").withSecret("smtp-users");

    UpdateControl<MailCluster> control =
        reconciler.reconcile(withSecrets(cluster(), "mx-tls", "smtp-users"), stub.context());

    assertThat(condition(control, "Degraded").getStatus()).isEqualTo(ConditionStatus.FALSE);
    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(stub.events()).isEmpty();
  }

  @Test
  void aMissingSecretIsAnnouncedOnceAsAWarningEvent() {
    MailCluster cluster = withSecrets(cluster(), "mx-tls");

    UpdateControl<MailCluster> first = reconciler.reconcile(cluster, stub.context());
    cluster.setStatus(first.getResource().orElseThrow().getStatus());
    reconciler.reconcile(cluster, stub.context());

    assertThat(stub.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo(ClusterStatusModel.SECRET_NOT_FOUND);
              assertThat(event.getMessage()).isEqualTo("Secrets not found: mx-tls");
              assertThat(event.getInvolvedObject().getKind()).isEqualTo("MailCluster");
              assertThat(event.getInvolvedObject().getName()).isEqualTo("mail");
            });
  }

  @Test
  void statusIsPatchedOnAFreshObjectThatCarriesNoSpec() {
    UpdateControl<MailCluster> control = reconciler.reconcile(cluster(), stub.context());

    MailCluster patched = control.getResource().orElseThrow();
    assertThat(control.isPatchStatus()).isTrue();
    assertThat(patched.getSpec()).isNull();
    assertThat(patched.getMetadata().getName()).isEqualTo("mail");
    assertThat(patched.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(patched.getStatus().getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void reconcilingAClusterWhoseStatusIsCurrentPatchesNothing() {
    stub.holding(DeliveryTier.class, Set.of(tier("bulk", true, 7L)));
    MailCluster cluster = cluster();
    cluster.setStatus(
        reconciler.reconcile(cluster, stub.context()).getResource().orElseThrow().getStatus());

    UpdateControl<MailCluster> again = reconciler.reconcile(cluster, stub.context());

    assertThat(again.isPatchStatus()).isFalse();
    assertThat(again.getResource()).isEmpty();
  }

  @Test
  void aTierThatTurnsReadyPatchesTheClustersStatus() {
    stub.holding(DeliveryTier.class, Set.of(tier("bulk", false, 0L)));
    MailCluster cluster = cluster();
    cluster.setStatus(
        reconciler.reconcile(cluster, stub.context()).getResource().orElseThrow().getStatus());
    stub.holding(DeliveryTier.class, Set.of(tier("bulk", true, 0L)));

    UpdateControl<MailCluster> again = reconciler.reconcile(cluster, stub.context());

    assertThat(again.isPatchStatus()).isTrue();
    assertThat(condition(again, "Ready").getStatus()).isEqualTo(ConditionStatus.TRUE);
  }

  @Test
  void clusterWithMonitoringOffAsksNothingOfThePrometheusOperator() {
    UpdateControl<MailCluster> control = reconciler.reconcile(cluster(), stub.context());

    assertThat(monitors.calls).isEmpty();
    assertThat(
            ConditionTransitions.find(
                control.getResource().orElseThrow().getStatus().getConditions(),
                MtaMonitorModel.MONITORING_READY))
        .isEmpty();
  }

  @Test
  void withoutThePrometheusOperatorsCrdsTheClusterSaysSoAndLooksAgainInAMinute() {
    stub.holding(DeliveryTier.class, Set.of(tier("bulk", true, 0L)));

    UpdateControl<MailCluster> control =
        reconciler.reconcile(withMonitoring(cluster(), MonitorKind.POD_MONITOR), stub.context());

    assertThat(condition(control, MtaMonitorModel.MONITORING_READY))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns(MtaMonitorModel.CRD_MISSING, Condition::getReason);
    assertThat(condition(control, "Ready").getStatus())
        .as("mail flows without monitoring")
        .isEqualTo(ConditionStatus.TRUE);
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(60).toMillis());
    assertThat(monitors.calls).containsExactly("served PodMonitor");
  }

  @Test
  void monitorIsAppliedOnceTheCrdsAppear() {
    MailCluster cluster = withMonitoring(cluster(), MonitorKind.POD_MONITOR);
    cluster.setStatus(
        reconciler.reconcile(cluster, stub.context()).getResource().get().getStatus());
    monitors.served.add("PodMonitor");

    UpdateControl<MailCluster> control = reconciler.reconcile(cluster, stub.context());

    assertThat(condition(control, MtaMonitorModel.MONITORING_READY))
        .returns(ConditionStatus.TRUE, Condition::getStatus)
        .returns("PodMonitorApplied", Condition::getReason)
        .returns("PodMonitor mail-eu-mta scrapes the MTA pods every 30s", Condition::getMessage);
    assertThat(monitors.calls)
        .endsWith("served PodMonitor", "apply PodMonitor mail-eu/mail-eu-mta");
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  void monitorTheApiServerRefusesIsReportedAndTriedAgainWithoutFailingTheReconcile() {
    monitors.served.add("PodMonitor");
    monitors.refuseApply = true;

    UpdateControl<MailCluster> control =
        reconciler.reconcile(withMonitoring(cluster(), MonitorKind.POD_MONITOR), stub.context());

    assertThat(condition(control, MtaMonitorModel.MONITORING_READY))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns(MtaMonitorModel.APPLY_FAILED, Condition::getReason);
    assertThat(condition(control, MtaMonitorModel.MONITORING_READY).getMessage())
        .contains("forbidden");
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(60).toMillis());
  }

  @Test
  void changingTheMonitorKindDeletesTheOldOne() {
    monitors.served.addAll(List.of("PodMonitor", "ServiceMonitor"));
    MailCluster cluster = withMonitoring(cluster(), MonitorKind.POD_MONITOR);
    cluster.setStatus(
        reconciler.reconcile(cluster, stub.context()).getResource().get().getStatus());
    cluster.getSpec().getMonitoring().setKind(MonitorKind.SERVICE_MONITOR);

    reconciler.reconcile(cluster, stub.context());

    assertThat(monitors.calls)
        .containsSubsequence(
            "apply PodMonitor mail-eu/mail-eu-mta",
            "delete PodMonitor mail-eu/mail-eu-mta",
            "apply ServiceMonitor mail-eu/mail-eu-mta");
  }

  @Test
  void turningMonitoringOffDeletesTheMonitorAndDropsTheCondition() {
    monitors.served.add("PodMonitor");
    MailCluster cluster = withMonitoring(cluster(), MonitorKind.POD_MONITOR);
    cluster.setStatus(
        reconciler.reconcile(cluster, stub.context()).getResource().get().getStatus());
    cluster.getSpec().getMonitoring().setEnabled(false);

    UpdateControl<MailCluster> control = reconciler.reconcile(cluster, stub.context());

    assertThat(monitors.calls).endsWith("delete PodMonitor mail-eu/mail-eu-mta");
    assertThat(
            ConditionTransitions.find(
                control.getResource().orElseThrow().getStatus().getConditions(),
                MtaMonitorModel.MONITORING_READY))
        .isEmpty();
  }

  private static MailCluster withMonitoring(MailCluster cluster, MonitorKind kind) {
    cluster.getMetadata().setName("mail-eu");
    cluster.getSpec().setMonitoring(new MonitoringSpec().setEnabled(true).setKind(kind));
    return cluster;
  }

  /** Monitors in memory: which kinds the API server serves, and every call in order. */
  private static final class FakeMonitors implements Monitors {
    final Set<String> served = new HashSet<>();
    final List<String> calls = new ArrayList<>();
    boolean refuseApply;

    @Override
    public boolean served(MonitorKind kind) {
      calls.add("served " + MtaMonitorModel.kindName(kind));
      return served.contains(MtaMonitorModel.kindName(kind));
    }

    @Override
    public void apply(GenericKubernetesResource monitor) {
      if (refuseApply) {
        throw new KubernetesClientException(
            "podmonitors.monitoring.coreos.com is forbidden",
            403,
            new StatusBuilder().withCode(403).withReason("Forbidden").build());
      }
      calls.add(
          "apply "
              + monitor.getKind()
              + " "
              + monitor.getMetadata().getNamespace()
              + "/"
              + monitor.getMetadata().getName());
    }

    @Override
    public void delete(MonitorKind kind, String namespace, String name) {
      calls.add("delete " + MtaMonitorModel.kindName(kind) + " " + namespace + "/" + name);
    }
  }

  private static MailCluster cluster() {
    MailCluster cluster = TierFixtures.cluster("mail");
    cluster.getMetadata().setNamespace(NAMESPACE);
    cluster.getMetadata().setGeneration(4L);
    return cluster;
  }

  /** The cluster naming a STARTTLS certificate and, when given, an AUTH users Secret. */
  private static MailCluster withSecrets(MailCluster cluster, String tls, String... auth) {
    InboundSpec inbound = new InboundSpec().setTls(new SecretReference().setSecretName(tls));
    if (auth.length > 0) {
      inbound.setAuth(new SecretReference().setSecretName(auth[0]));
    }
    cluster.getSpec().setInbound(inbound);
    return cluster;
  }

  private static DeliveryTier tier(String name, boolean ready, long queueDepth) {
    DeliveryTier tier = TierFixtures.tier(name, "mail");
    tier.getMetadata().setNamespace(NAMESPACE);
    tier.setStatus(
        new DeliveryTierStatus()
            .setQueueDepth(queueDepth)
            .setConditions(
                List.of(
                    new Condition()
                        .setType("Ready")
                        .setStatus(ready ? ConditionStatus.TRUE : ConditionStatus.FALSE)
                        .setReason(ready ? "AllPodsReady" : "PodsNotReady"))));
    return tier;
  }

  private static Condition condition(UpdateControl<MailCluster> control, String type) {
    return ConditionTransitions.find(
            control.getResource().orElseThrow().getStatus().getConditions(), type)
        .orElseThrow();
  }
}
