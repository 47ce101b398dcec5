package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.OperatorSettings;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Two operator replicas share one Lease: only the holder reconciles. */
@LocalCluster
class LeaderElectionIT {

  private static final Duration WITHIN = Duration.ofSeconds(90);

  @Test
  void onlyTheLeaseHolderReconcilesAndTheOtherTakesOverWhenItStops(KubernetesClient client) {
    InstalledCrds.apply(client);
    InProcessOperator a = InProcessOperator.startReplica(client, "replica-a");
    InProcessOperator b = InProcessOperator.startReplica(client, "replica-b");
    Map<String, InProcessOperator> replicas = Map.of("replica-a", a, "replica-b", b);
    try {
      String leader = await().atMost(WITHIN).until(() -> holder(client), Objects::nonNull);
      String follower = leader.equals("replica-a") ? "replica-b" : "replica-a";
      // A follower must pass /readyz, or a Deployment of two replicas never finishes rolling out.
      assertThat(replicas.get(follower).runtimeInfo().isStarted()).isTrue();
      assertThat(replicas.get(follower).runtimeInfo().allEventSourcesAreHealthy()).isTrue();

      client.resource(TierFixtures.cluster("led")).serverSideApply();
      client.resource(TierFixtures.tier("led", "led")).serverSideApply();
      await()
          .atMost(WITHIN)
          .until(() -> client.resources(StatefulSet.class).withName("led").get(), Objects::nonNull);

      assertThat(replicas.get(leader).reconciliations()).isPositive();
      assertThat(replicas.get(follower).reconciliations()).isZero();

      replicas.get(leader).close();
      client.resources(StatefulSet.class).withName("led").delete();

      await()
          .atMost(WITHIN)
          .untilAsserted(
              () -> {
                assertThat(holder(client)).isEqualTo(follower);
                assertThat(client.resources(StatefulSet.class).withName("led").get())
                    .as("the new leader recreates what it owns")
                    .isNotNull();
              });
      assertThat(replicas.get(follower).reconciliations()).isPositive();
    } finally {
      a.close();
      b.close();
    }
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().withName(OperatorSettings.LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
