package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.mailfleet.operator.api.v1alpha1.TierInbound;
import org.junit.jupiter.api.Test;

/** The Services, PodDisruptionBudget and ConfigMap around a tier's StatefulSet. */
class DeliveryTierModelTest {

  @Test
  void headlessServicePublishesEveryPodIncludingDrainingOnes() {
    Service headless = TierFixtures.model().headlessService();

    assertThat(headless.getMetadata().getName()).isEqualTo("bulk-pods");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(headless.getSpec().getSelector())
        .isEqualTo(TierFixtures.model().identity().selectorLabels());
  }

  @Test
  void submissionServiceListensOnTheTierPortAndForwardsToTheMtaListener() {
    Service submission = TierFixtures.model().submissionService();

    assertThat(submission.getMetadata().getName()).isEqualTo("bulk");
    assertThat(submission.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(submission.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(25);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("smtp");
            });
  }

  @Test
  void aTierWithoutInboundPortIsSubmittedToOnTheMtaPort() {
    var tier = TierFixtures.tier();
    tier.getSpec().setInbound(new TierInbound());

    Service submission = TierFixtures.model(TierFixtures.cluster(), tier).submissionService();

    assertThat(submission.getSpec().getPorts().get(0).getPort()).isEqualTo(2525);
  }

  @Test
  void disruptionBudgetLetsOnePodGoAtATime() {
    var pdb = TierFixtures.model().podDisruptionBudget();

    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(TierFixtures.model().identity().selectorLabels());
  }

  @Test
  void configMapCarriesTheRenderedConfigurationThePodsMount() {
    DeliveryTierModel model = TierFixtures.model();
    var configMap = model.configMap();

    assertThat(configMap.getMetadata().getName()).isEqualTo("bulk-mta");
    assertThat(configMap.getData()).containsEntry("mta.yaml", model.config().yaml());
    assertThat(model.statefulSet().getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getConfigMap() != null)
        .extracting(v -> v.getConfigMap().getName())
        .containsExactly("bulk-mta");
  }

  @Test
  void everyObjectLivesInTheTierNamespaceWithTheTierLabels() {
    DeliveryTierModel model = TierFixtures.model();

    assertThat(
            java.util.List.of(
                model.configMap(),
                model.statefulSet(),
                model.headlessService(),
                model.submissionService(),
                model.podDisruptionBudget()))
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getNamespace()).isEqualTo(TierFixtures.NAMESPACE);
              assertThat(o.getMetadata().getLabels())
                  .containsEntry("mailfleet.io/tier", "bulk")
                  .containsEntry("app.kubernetes.io/part-of", "mailfleet");
            });
  }
}
