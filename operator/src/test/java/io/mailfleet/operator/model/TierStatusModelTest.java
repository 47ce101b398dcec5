package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A DeliveryTier's status from its StatefulSet. */
class TierStatusModelTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  static Stream<Arguments> rollouts() {
    // Desired is 2 (Auto mode, minReplicas 2).
    return Stream.of(
        Arguments.of("not yet created", null, "False/PodsNotReady", "True/RollingOut"),
        Arguments.of("all ready", sts(2, 2, 2, 1, 1), "True/AllPodsReady", "False/RolloutComplete"),
        Arguments.of("one starting", sts(2, 1, 2, 1, 1), "False/PodsNotReady", "True/PodsStarting"),
        Arguments.of(
            "rolling to a new revision",
            sts(2, 2, 1, 1, 1),
            "False/PodsNotReady",
            "True/RollingOut"),
        Arguments.of(
            "spec change not yet observed",
            sts(2, 2, 2, 2, 1),
            "False/PodsNotReady",
            "True/RollingOut"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rollouts")
  void conditionsFollowTheStatefulSet(
      String what, StatefulSet sts, String ready, String progressing) {
    DeliveryTierStatus status =
        TierStatusModel.running(
            TierFixtures.tier(), TierFixtures.model().identity(), Optional.ofNullable(sts), NOW);

    assertThat(summary(status, "Ready")).isEqualTo(ready);
    assertThat(summary(status, "Progressing")).isEqualTo(progressing);
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getDesiredReplicas()).isEqualTo(2);
    assertThat(status.getSelector())
        .isEqualTo("app.kubernetes.io/name=mailfleet-mta,mailfleet.io/tier=bulk");
  }

  @Test
  void aMissingClusterMakesTheTierNotReadyAndDegradedWithTheReason() {
    DeliveryTierStatus status =
        TierStatusModel.missingReference(
            TierFixtures.tier(),
            TierFixtures.model().identity(),
            Optional.empty(),
            TierStatusModel.CLUSTER_NOT_FOUND,
            "MailCluster mail not found",
            NOW);

    assertThat(summary(status, "Ready")).isEqualTo("False/ClusterNotFound");
    assertThat(summary(status, "Degraded")).isEqualTo("True/ClusterNotFound");
    assertThat(condition(status, "Ready").getMessage()).isEqualTo("MailCluster mail not found");
    assertThat(status.getReplicas()).isZero();
  }

  @Test
  void fieldsOwnedByTheScalerSurviveTheStatusPatch() {
    var tier = TierFixtures.tier();
    tier.setStatus(new DeliveryTierStatus().setQueueDepth(42L).setLastScaleReason("queue depth"));

    DeliveryTierStatus status =
        TierStatusModel.running(tier, TierFixtures.model().identity(), Optional.empty(), NOW);

    assertThat(status.getQueueDepth()).isEqualTo(42L);
    assertThat(status.getLastScaleReason()).isEqualTo("queue depth");
  }

  private static StatefulSet sts(
      int replicas, int ready, int updated, long generation, long observedGeneration) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("bulk")
        .withGeneration(generation)
        .endMetadata()
        .withNewStatus()
        .withReplicas(replicas)
        .withReadyReplicas(ready)
        .withUpdatedReplicas(updated)
        .withObservedGeneration(observedGeneration)
        .endStatus()
        .build();
  }

  private static String summary(DeliveryTierStatus status, String type) {
    Condition c = condition(status, type);
    return (c.getStatus() == ConditionStatus.TRUE ? "True" : "False") + "/" + c.getReason();
  }

  private static Condition condition(DeliveryTierStatus status, String type) {
    return ConditionTransitions.find(status.getConditions(), type).orElseThrow();
  }
}
