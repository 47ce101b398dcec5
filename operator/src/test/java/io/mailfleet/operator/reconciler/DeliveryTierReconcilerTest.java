package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import io.mailfleet.operator.api.v1alpha1.LocalObjectReference;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.model.AdminApiClients;
import io.mailfleet.operator.model.ConditionTransitions;
import io.mailfleet.operator.model.DeliveryTierModel;
import io.mailfleet.operator.model.MtaAwsEnvironment;
import io.mailfleet.operator.model.TierStatusModel;
import io.mailfleet.operator.scaling.TierScaler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The DeliveryTier reconciler driven with a stubbed Context: what a user reads in the status of a
 * tier whose MailCluster or SendingIpPool is missing or whose reconciliation failed, and how soon
 * the operator looks again.
 */
class DeliveryTierReconcilerTest {

  private static final String NAMESPACE = "mail-eu";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final List<String> readiness = new ArrayList<>();
  private final DeliveryTierReconciler reconciler =
      new DeliveryTierReconciler(
          "mailfleet.local/mta:test",
          AdminApiClients.DEFAULTS,
          MtaAwsEnvironment.NONE,
          (kind, namespace, name, ready) ->
              readiness.add(kind + " " + namespace + "/" + name + " " + ready),
          Clock.fixed(NOW, ZoneOffset.UTC));
  private final StubContext<DeliveryTier> stub = new StubContext<>(NAMESPACE);

  @Test
  void tierWhoseClusterIsMissingIsNotReadyWithClusterNotFound() {
    UpdateControl<DeliveryTier> control = reconciler.reconcile(tier(), stub.context());

    assertThat(condition(control, "Ready"))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns(TierStatusModel.CLUSTER_NOT_FOUND, Condition::getReason)
        .returns(NOW.toString(), Condition::getLastTransitionTime);
    assertThat(condition(control, "Ready").getMessage())
        .contains("MailCluster mail not found", "spec.clusterRef");
    assertThat(condition(control, "Degraded"))
        .returns(ConditionStatus.TRUE, Condition::getStatus)
        .returns(TierStatusModel.CLUSTER_NOT_FOUND, Condition::getReason);
    assertThat(readiness).containsExactly("DeliveryTier mail-eu/bulk false");
  }

  @Test
  void tierWhoseClusterIsMissingWaitsForTheWatchInsteadOfRetrying() {
    UpdateControl<DeliveryTier> control = reconciler.reconcile(tier(), stub.context());

    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay())
        .as("no rescheduling: the MailCluster watch wakes it")
        .isEmpty();
    verify(stub.workflow(), never()).reconcileManagedWorkflow();
  }

  @Test
  void tierWhoseIpPoolIsMissingIsNotReadyWithIpPoolNotFoundAndStartsNoPods() {
    DeliveryTier tier = tier();
    tier.getSpec().setIpPoolRef(new LocalObjectReference().setName("outbound"));
    stub.holding(cluster());

    UpdateControl<DeliveryTier> control = reconciler.reconcile(tier, stub.context());

    assertThat(condition(control, "Ready"))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns(TierStatusModel.IP_POOL_NOT_FOUND, Condition::getReason);
    assertThat(condition(control, "Ready").getMessage())
        .contains("SendingIpPool outbound not found", "starts no pods");
    assertThat(control.getScheduleDelay()).isEmpty();
    verify(stub.workflow(), never()).reconcileManagedWorkflow();
  }

  @Test
  void aMissingClusterIsReportedBeforeAMissingIpPool() {
    DeliveryTier tier = tier();
    tier.getSpec().setIpPoolRef(new LocalObjectReference().setName("outbound"));

    UpdateControl<DeliveryTier> control = reconciler.reconcile(tier, stub.context());

    assertThat(condition(control, "Ready").getReason())
        .isEqualTo(TierStatusModel.CLUSTER_NOT_FOUND);
  }

  @Test
  void aMissingReferenceIsAnnouncedOnceAsAWarningEvent() {
    DeliveryTier tier = tier();

    UpdateControl<DeliveryTier> first = reconciler.reconcile(tier, stub.context());
    tier.setStatus(first.getResource().orElseThrow().getStatus());
    reconciler.reconcile(tier, stub.context());

    assertThat(stub.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo(TierStatusModel.CLUSTER_NOT_FOUND);
              assertThat(event.getMessage()).contains("MailCluster mail not found");
              assertThat(event.getInvolvedObject().getKind()).isEqualTo("DeliveryTier");
              assertThat(event.getInvolvedObject().getName()).isEqualTo("bulk");
            });
  }

  @Test
  void aDifferentMissingReferenceIsAnnouncedAgain() {
    DeliveryTier tier = tier();
    tier.getSpec().setIpPoolRef(new LocalObjectReference().setName("outbound"));

    UpdateControl<DeliveryTier> first = reconciler.reconcile(tier, stub.context());
    tier.setStatus(first.getResource().orElseThrow().getStatus());
    stub.holding(cluster());
    reconciler.reconcile(tier, stub.context());

    assertThat(stub.events())
        .extracting(event -> event.getReason())
        .containsExactly(TierStatusModel.CLUSTER_NOT_FOUND, TierStatusModel.IP_POOL_NOT_FOUND);
  }

  @Test
  void aRoundWithTheSameInputsLeavesTheDependentsAlone() {
    stub.holding(cluster());
    DeliveryTier tier = withUid(tier());

    reconciler.reconcile(tier, stub.context());
    reconciler.reconcile(tier, stub.context());

    verify(stub.workflow(), times(1)).reconcileManagedWorkflow();
  }

  @Test
  void aChangedSpecOrOwnedObjectAppliesTheDependentsAgain() {
    stub.holding(cluster());
    DeliveryTier tier = withUid(tier());
    reconciler.reconcile(tier, stub.context());

    tier.getMetadata().setGeneration(3L);
    reconciler.reconcile(tier, stub.context());
    stub.holding(
        Service.class,
        Set.of(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("bulk")
                .withUid("svc")
                .withResourceVersion("7")
                .endMetadata()
                .build()));
    reconciler.reconcile(tier, stub.context());

    verify(stub.workflow(), times(3)).reconcileManagedWorkflow();
  }

  @Test
  void statusIsPatchedOnAFreshObjectThatCarriesNoSpec() {
    UpdateControl<DeliveryTier> control = reconciler.reconcile(tier(), stub.context());

    DeliveryTier patched = control.getResource().orElseThrow();
    assertThat(patched.getSpec()).isNull();
    assertThat(patched.getMetadata().getName()).isEqualTo("bulk");
    assertThat(patched.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(patched.getMetadata().getResourceVersion()).isNull();
    assertThat(patched.getStatus().getSelector())
        .isEqualTo("app.kubernetes.io/name=mailfleet-mta,mailfleet.io/tier=bulk");
  }

  @Test
  void tierWithItsReferencesRunsItsDependentsAndReportsItsPods() {
    stub.holding(cluster());

    UpdateControl<DeliveryTier> control = reconciler.reconcile(tier(), stub.context());

    verify(stub.workflow()).put(eq(DeliveryTierModel.class), any());
    verify(stub.workflow()).reconcileManagedWorkflow();
    assertThat(condition(control, "Ready"))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns("PodsNotReady", Condition::getReason)
        .returns("0/1 pods ready", Condition::getMessage);
    assertThat(condition(control, "Degraded").getStatus()).isEqualTo(ConditionStatus.FALSE);
    assertThat(stub.events()).isEmpty();
  }

  @Test
  void runningTierIsLookedAtAgainInAScalingRoundButUnchangedStatusIsNotWritten() {
    stub.holding(cluster());
    DeliveryTier tier = tier();

    UpdateControl<DeliveryTier> first = reconciler.reconcile(tier, stub.context());
    tier.setStatus(first.getResource().orElseThrow().getStatus());
    UpdateControl<DeliveryTier> second = reconciler.reconcile(tier, stub.context());

    assertThat(first.isPatchStatus()).isTrue();
    assertThat(first.getScheduleDelay()).contains(TierScaler.ROUND.toMillis());
    assertThat(second.isPatchStatus()).as("nothing changed: no write").isFalse();
    assertThat(second.isNoUpdate()).isTrue();
    assertThat(second.getScheduleDelay()).contains(TierScaler.ROUND.toMillis());
  }

  @Test
  void anObjectTheApiServerRefusesMakesTheTierNotReadyWithWhatToFixAndIsRetried() {
    KubernetesClientException refused =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(422)
                .withMessage(
                    "StatefulSet.apps \"bulk\" is invalid: spec.selector: field is immutable")
                .build());

    ErrorStatusUpdateControl<DeliveryTier> control =
        reconciler.updateErrorStatus(tier(), stub.context(), refused);

    DeliveryTierStatus status = control.getResource().orElseThrow().getStatus();
    String expected =
        "The API server refused an object made from this tier (change the DeliveryTier or"
            + " MailCluster field it names; the operator retries): StatefulSet.apps \"bulk\" is"
            + " invalid: spec.selector: field is immutable";
    assertThat(find(status.getConditions(), "Ready"))
        .as("kubectl get dt shows READY False, not an empty column")
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns(TierStatusModel.OBJECT_REFUSED, Condition::getReason)
        .returns(expected, Condition::getMessage);
    assertThat(find(status.getConditions(), "Degraded"))
        .returns(ConditionStatus.TRUE, Condition::getStatus)
        .returns(TierStatusModel.OBJECT_REFUSED, Condition::getReason)
        .returns(expected, Condition::getMessage);
    assertThat(status.getSelector())
        .as("a first status still names the scale selector")
        .isEqualTo("app.kubernetes.io/name=mailfleet-mta,mailfleet.io/tier=bulk");
    assertThat(readiness).containsExactly("DeliveryTier mail-eu/bulk false");
    assertThat(stub.events())
        .singleElement()
        .returns(TierStatusModel.OBJECT_REFUSED, Event::getReason)
        .returns(expected, Event::getMessage);
    assertThat(control.isNoRetry()).as("the SDK retries with backoff").isFalse();
  }

  @Test
  void aRefusalRepeatedByTheRetriesIsAnnouncedOnce() {
    KubernetesClientException refused =
        new KubernetesClientException(
            new StatusBuilder().withCode(422).withMessage("spec: Forbidden").build());
    DeliveryTier tier = tier();
    tier.setStatus(
        reconciler
            .updateErrorStatus(tier, stub.context(), refused)
            .getResource()
            .orElseThrow()
            .getStatus());

    reconciler.updateErrorStatus(tier, stub.context(), refused);

    assertThat(stub.events()).hasSize(1);
  }

  @Test
  void anObjectRefusedWhileTheTierRanMakesItNotReady() {
    DeliveryTier tier = tier();
    tier.setStatus(new DeliveryTierStatus().setConditions(List.of(ready(ConditionStatus.TRUE))));

    ErrorStatusUpdateControl<DeliveryTier> control =
        reconciler.updateErrorStatus(
            tier,
            stub.context(),
            new KubernetesClientException(
                new StatusBuilder().withCode(422).withMessage("spec: Forbidden").build()));

    assertThat(find(control.getResource().orElseThrow().getStatus().getConditions(), "Ready"))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns(TierStatusModel.OBJECT_REFUSED, Condition::getReason);
  }

  @Test
  void aFirstReconciliationThatFailsForAnotherReasonStillFillsTheReadyColumn() {
    ErrorStatusUpdateControl<DeliveryTier> control =
        reconciler.updateErrorStatus(tier(), stub.context(), new IllegalStateException("timeout"));

    assertThat(find(control.getResource().orElseThrow().getStatus().getConditions(), "Ready"))
        .returns(ConditionStatus.FALSE, Condition::getStatus)
        .returns(TierStatusModel.RECONCILE_FAILED, Condition::getReason)
        .returns("Not reconciled yet, the operator retries: timeout", Condition::getMessage);
  }

  @Test
  void aPassingFailureLeavesAReadyTierReadyAndShowsItAsDegraded() {
    DeliveryTier tier = tier();
    tier.setStatus(new DeliveryTierStatus().setConditions(List.of(ready(ConditionStatus.TRUE))));

    ErrorStatusUpdateControl<DeliveryTier> control =
        reconciler.updateErrorStatus(tier, stub.context(), new IllegalStateException("conflict"));

    List<Condition> conditions = control.getResource().orElseThrow().getStatus().getConditions();
    assertThat(find(conditions, "Ready").getStatus()).isEqualTo(ConditionStatus.TRUE);
    assertThat(find(conditions, "Degraded"))
        .returns(ConditionStatus.TRUE, Condition::getStatus)
        .returns(TierStatusModel.RECONCILE_FAILED, Condition::getReason);
  }

  @Test
  void aFailedReconciliationKeepsTheRestOfTheStatus() {
    DeliveryTier tier = tier();
    tier.setStatus(
        new DeliveryTierStatus().setReplicas(3).setDesiredReplicas(3).setQueueDepth(120L));

    ErrorStatusUpdateControl<DeliveryTier> control =
        reconciler.updateErrorStatus(tier, stub.context(), new IllegalStateException("conflict"));

    DeliveryTierStatus status = control.getResource().orElseThrow().getStatus();
    assertThat(status.getReplicas()).isEqualTo(3);
    assertThat(status.getQueueDepth()).isEqualTo(120L);
    assertThat(find(status.getConditions(), "Degraded").getMessage()).isEqualTo("conflict");
  }

  @Test
  void aReconciliationInterruptedByShutdownLeavesTheStatusAlone() {
    Exception interrupted = new RuntimeException(new InterruptedException("stopping"));

    ErrorStatusUpdateControl<DeliveryTier> control =
        reconciler.updateErrorStatus(tier(), stub.context(), interrupted);

    assertThat(control.getResource()).isEmpty();
  }

  private static DeliveryTier tier() {
    DeliveryTier tier = TierFixtures.tier("bulk", "mail");
    tier.getMetadata().setNamespace(NAMESPACE);
    tier.getMetadata().setGeneration(2L);
    return tier;
  }

  private static DeliveryTier withUid(DeliveryTier tier) {
    tier.getMetadata().setUid("uid-bulk");
    return tier;
  }

  private static MailCluster cluster() {
    MailCluster cluster = TierFixtures.cluster("mail");
    cluster.getMetadata().setNamespace(NAMESPACE);
    return cluster;
  }

  private static Condition ready(ConditionStatus status) {
    return new Condition()
        .setType("Ready")
        .setStatus(status)
        .setReason("AllPodsReady")
        .setMessage("1/1 pods ready")
        .setLastTransitionTime("2026-03-01T11:00:00Z");
  }

  private static Condition condition(UpdateControl<DeliveryTier> control, String type) {
    return find(control.getResource().orElseThrow().getStatus().getConditions(), type);
  }

  private static Condition find(List<Condition> conditions, String type) {
    return ConditionTransitions.find(conditions, type).orElseThrow();
  }
}
