package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MailClusterStatus;
import io.mailfleet.operator.api.v1alpha1.SecretReference;
import io.mailfleet.operator.api.v1alpha1.TierSummary;
import io.mailfleet.operator.model.ClusterStatusModel;
import io.mailfleet.operator.model.ConditionTransitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
  private final MailClusterReconciler reconciler =
      new MailClusterReconciler(
          (kind, namespace, name, ready) ->
              readiness.add(kind + " " + namespace + "/" + name + " " + ready),
          Clock.fixed(NOW, ZoneOffset.UTC));
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
