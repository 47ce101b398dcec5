package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A tier waiting for its MailCluster costs nothing: no retry loop, no repeated patches. */
@LocalCluster
class MissingReferenceIT {

  @Test
  void aTierIsQuietWhileWaitingForItsClusterAndOnceItRuns(KubernetesClient client) {
    InstalledCrds.apply(client);
    try (InProcessOperator operator = InProcessOperator.start(client)) {
      client.resource(TierFixtures.tier("waiting", "absent")).serverSideApply();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                DeliveryTier seen = client.resources(DeliveryTier.class).withName("waiting").get();
                assertThat(seen.getStatus()).isNotNull();
                assertThat(seen.getStatus().getConditions())
                    .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ClusterNotFound"));
              });
      String resourceVersion =
          client
              .resources(DeliveryTier.class)
              .withName("waiting")
              .get()
              .getMetadata()
              .getResourceVersion();
      double reconciliations = operator.reconciliations();

      await()
          .during(Duration.ofSeconds(8))
          .atMost(Duration.ofSeconds(12))
          .until(() -> operator.reconciliations() == reconciliations);
      assertThat(
              client
                  .resources(DeliveryTier.class)
                  .withName("waiting")
                  .get()
                  .getMetadata()
                  .getResourceVersion())
          .as("no status patch while nothing changed")
          .isEqualTo(resourceVersion);

      // Once the cluster appears the tier runs; its scaling rounds look at it again every few
      // seconds, and none of them re-applies the StatefulSet.
      client.resource(TierFixtures.cluster("absent")).serverSideApply();
      StatefulSet sts =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> client.resources(StatefulSet.class).withName("waiting").get(),
                  java.util.Objects::nonNull);
      double running = operator.reconciliations();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> operator.reconciliations(), count -> count >= running + 3);
      assertThat(
              client
                  .resources(StatefulSet.class)
                  .withName("waiting")
                  .get()
                  .getMetadata()
                  .getGeneration())
          .as("the StatefulSet's spec is written once")
          .isEqualTo(sts.getMetadata().getGeneration());

      // A deleted tier leaves the resources gauge.
      assertThat(operator.resources("DeliveryTier")).isEqualTo(1.0);
      client.resources(DeliveryTier.class).withName("waiting").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> operator.resources("DeliveryTier"), count -> count == 0.0);
    }
  }
}
