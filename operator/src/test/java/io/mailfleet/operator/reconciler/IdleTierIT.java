package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.model.ConditionTransitions;
import io.mailfleet.operator.model.Observation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A tier whose spec, cluster and objects do not change costs the API server no writes, however
 * often it is reconciled: the cost of a fleet grows with its changes, not with its size.
 */
@LocalCluster
class IdleTierIT {

  private static final Duration WITHIN = Duration.ofSeconds(90);

  @Test
  void reconcilingAnUnchangedTierWritesNothing(KubernetesClient client) {
    InstalledCrds.apply(client);
    List<String> writes = new CopyOnWriteArrayList<>();
    try (KubernetesClient counted = countingWrites(client, writes);
        InProcessOperator operator = InProcessOperator.start(counted)) {
      client.resource(TierFixtures.cluster("mail")).serverSideApply();
      DeliveryTier tier = TierFixtures.tier("idle", "mail");
      // No pods: what is measured is the operator's own traffic, on any cluster.
      tier.getSpec().setReplicas(0);
      tier.getSpec().getScaling().setMinReplicas(0);
      client.resource(tier).serverSideApply();
      await().atMost(WITHIN).untilAsserted(() -> assertThat(ready(client)).isTrue());
      assertThat(client.resources(StatefulSet.class).withName("idle").get()).isNotNull();

      writes.clear();
      double reconciled = operator.reconciliations();
      // Scaling rounds reconcile the tier every few seconds: wait for two of them.
      await().atMost(WITHIN).until(() -> operator.reconciliations() >= reconciled + 2);

      assertThat(writes).as("requests other than reads after the tier settled").isEmpty();
    }
  }

  private static boolean ready(KubernetesClient client) {
    DeliveryTier seen = client.resources(DeliveryTier.class).withName("idle").get();
    MailCluster cluster = client.resources(MailCluster.class).withName("mail").get();
    return seen.getStatus() != null
        && cluster.getStatus() != null
        && isReady(seen.getStatus().getConditions())
        && isReady(cluster.getStatus().getConditions());
  }

  private static boolean isReady(List<Condition> conditions) {
    return ConditionTransitions.find(conditions, Observation.READY)
        .map(c -> c.getStatus() == ConditionStatus.TRUE)
        .orElse(false);
  }

  /**
   * A client like {@code client} that records every request other than a read in {@code writes}.
   */
  private static KubernetesClient countingWrites(KubernetesClient client, List<String> writes) {
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            if (!"GET".equals(request.method())) {
              writes.add(request.method() + " " + request.uri().getPath());
            }
          }
        };
    return new KubernetesClientBuilder()
        .withConfig(client.getConfiguration())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("writes", recorder))
        .build();
  }
}
