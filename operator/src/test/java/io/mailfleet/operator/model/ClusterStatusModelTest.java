package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailClusterStatus;
import io.mailfleet.operator.api.v1alpha1.SecretReference;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A MailCluster's status: its secrets and the sum of its tiers. */
class ClusterStatusModelTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  static Stream<Arguments> aggregations() {
    return Stream.of(
        Arguments.of(
            "no tiers", List.of(), List.of(), "False/NoTiers", "False/Stable", "False/AsExpected"),
        Arguments.of(
            "all tiers ready",
            List.of(tier("a", true, false, false), tier("b", true, false, false)),
            List.of(),
            "True/AllTiersReady",
            "False/Stable",
            "False/AsExpected"),
        Arguments.of(
            "one tier rolling out",
            List.of(tier("a", true, false, false), tier("b", false, true, false)),
            List.of(),
            "False/TiersNotReady",
            "True/TiersRollingOut",
            "False/AsExpected"),
        Arguments.of(
            "one tier degraded",
            List.of(tier("a", false, false, true)),
            List.of(),
            "False/TiersNotReady",
            "False/Stable",
            "True/TiersDegraded"),
        Arguments.of(
            "a secret missing",
            List.of(tier("a", true, false, false)),
            List.of("mx-tls"),
            "False/SecretNotFound",
            "False/Stable",
            "True/SecretNotFound"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aggregations")
  void conditionsSumUpTheTiersAndSecrets(
      String what,
      List<DeliveryTier> tiers,
      List<String> missing,
      String ready,
      String progressing,
      String degraded) {
    MailClusterStatus status =
        ClusterStatusModel.of(TierFixtures.cluster(), tiers, missing, Optional.empty(), NOW);

    assertThat(summary(status, "Ready")).isEqualTo(ready);
    assertThat(summary(status, "Progressing")).isEqualTo(progressing);
    assertThat(summary(status, "Degraded")).isEqualTo(degraded);
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void tierSummaryListsEachTierAndTotalsTheQueues() {
    DeliveryTier b = tier("b", true, false, false);
    b.getStatus().setReplicas(3).setReadyReplicas(2).setQueueDepth(10L);
    DeliveryTier a = tier("a", true, false, false);
    a.getStatus().setReplicas(1).setReadyReplicas(1).setQueueDepth(5L);

    MailClusterStatus status =
        ClusterStatusModel.of(
            TierFixtures.cluster(), List.of(b, a), List.of(), Optional.empty(), NOW);

    assertThat(status.getTiers())
        .extracting(t -> t.getName() + " " + t.getReadyReplicas() + "/" + t.getReplicas())
        .containsExactly("a 1/1", "b 2/3");
    assertThat(status.getQueueDepth()).isEqualTo(15L);
  }

  @Test
  void everySecretReferenceIsCheckedOnce() {
    var cluster = TierFixtures.cluster();
    cluster
        .getSpec()
        .setInbound(
            new InboundSpec()
                .setTls(new SecretReference().setSecretName("mx-tls"))
                .setAuth(new SecretReference().setSecretName("smtp-users")));
    cluster
        .getSpec()
        .setDelivery(
            new io.mailfleet.operator.api.v1alpha1.DeliveryDefaults()
                .setDkim(
                    List.of(
                        new io.mailfleet.operator.api.v1alpha1.DkimKeySpec()
                            .setDomain("example.com")
                            .setSelector("s1")
                            .setSecretName("dkim"),
                        new io.mailfleet.operator.api.v1alpha1.DkimKeySpec()
                            .setDomain("example.org")
                            .setSelector("s1")
                            .setSecretName("dkim"))));

    assertThat(ClusterSecretReferences.of(cluster)).containsExactly("mx-tls", "smtp-users", "dkim");
  }

  private static DeliveryTier tier(
      String name, boolean ready, boolean progressing, boolean degraded) {
    DeliveryTier tier = new DeliveryTier();
    tier.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(TierFixtures.NAMESPACE).build());
    tier.setStatus(
        new DeliveryTierStatus()
            .setConditions(
                ConditionTransitions.apply(
                    null,
                    List.of(
                        observation("Ready", ready),
                        observation("Progressing", progressing),
                        observation("Degraded", degraded)),
                    1,
                    NOW)));
    return tier;
  }

  private static Observation observation(String type, boolean holds) {
    return holds ? Observation.holds(type, "Test", "") : Observation.fails(type, "Test", "");
  }

  private static String summary(MailClusterStatus status, String type) {
    Condition c = ConditionTransitions.find(status.getConditions(), type).orElseThrow();
    return (c.getStatus() == ConditionStatus.TRUE ? "True" : "False") + "/" + c.getReason();
  }
}
