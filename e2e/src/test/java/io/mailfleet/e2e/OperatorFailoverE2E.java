package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault test: the operator's leader is killed (SIGKILL of its JVM, its pod then deleted at once)
 * while it rolls a tier change out; another replica takes the Lease, the tier converges on the new
 * generation, and no object the tier owns exists twice.
 */
@LocalCluster
class OperatorFailoverE2E {

  private static final String TIER = "failover";
  private static final String OPERATOR_POD_LABEL = "app.kubernetes.io/name";
  private static final String OPERATOR_POD_VALUE = "mailfleet-operator";

  /** No mail is sent in this test: the route points at a documentation address (TEST-NET-1). */
  private static final String UNUSED_ROUTE = "192.0.2.25:25";

  private static OperatorRelease operator;
  private static MailTier tier;

  @BeforeAll
  static void startTwoOperatorReplicasAndATier(KubernetesClient client) {
    operator = OperatorRelease.install(client, 2);
    tier = MailTier.apply(client, operator, TIER, 1, UNUSED_ROUTE, "{size: 1Gi}");
    tier.awaitReady();
  }

  @AfterAll
  static void removeTierAndOperator() {
    Teardown.inOrder(
        Teardown.ifMade(tier, MailTier::delete),
        Teardown.ifMade(operator, OperatorRelease::uninstall));
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void leaderKilledDuringATierRolloutHandsOverAndTheTierConvergesWithoutDuplicates(
      KubernetesClient client) {
    String tierUid = tier.resource().get().getMetadata().getUid();
    Map<String, List<String>> ownedBefore = ownedBy(client, tierUid);
    assertThat(ownedBefore).as("objects tier %s owns", TIER).containsKey("StatefulSet");
    String leader = operator.leader().orElseThrow(() -> new AssertionError("no operator leader"));
    String templateBefore = podTemplateHash();
    List<String> replicasBefore = operatorPods(client);

    // A longer maximum age changes the rendered MTA config, so the StatefulSet rolls its pods.
    tier.resource()
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"retry\":{\"maxAge\":\"96h\"}}}");
    awaitOrExplain(
        "the leader applying the tier change (the StatefulSet's pod template changes)",
        Duration.ofMinutes(1),
        () -> !Objects.equals(podTemplateHash(), templateBefore));

    Pod leaderPod = client.pods().withName(leader).get();
    assertThat(leaderPod).as("the leader's pod %s", leader).isNotNull();
    NodeContainerd.onThisHost().sigkill(leaderPod.getStatus().getContainerStatuses().get(0));
    client.pods().withName(leader).withGracePeriod(0).delete();
    System.out.printf("OperatorFailoverE2E: killed the leader %s mid-rollout%n", leader);

    awaitOrExplain(
        "another operator replica holding the Lease",
        Duration.ofMinutes(1),
        () -> operator.leader().filter(holder -> !holder.equals(leader)).isPresent());
    String successor = operator.leader().orElse("(nobody)");
    // The standby usually wins; the leader's replacement pod may, when it starts before the Lease
    // of the killed leader expires. Either is a takeover by another replica.
    System.out.printf(
        "OperatorFailoverE2E: %s took over (%s)%n",
        successor,
        replicasBefore.contains(successor) ? "the standby replica" : "the leader's replacement");
    tier.awaitReady(Duration.ofMinutes(4));

    assertThat(ownedBy(client, tierUid))
        .as("objects tier %s owns after the failover, by kind", TIER)
        .isEqualTo(ownedBefore);
    assertThat(operator.leader())
        .as("the Lease's holder, one of the running operator pods")
        .get()
        .isIn(operatorPods(client));
  }

  private static List<String> operatorPods(KubernetesClient client) {
    return client
        .pods()
        .withLabel(OPERATOR_POD_LABEL, OPERATOR_POD_VALUE)
        .list()
        .getItems()
        .stream()
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  private static String podTemplateHash() {
    Map<String, String> annotations =
        tier.statefulSet().getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? "" : annotations.get("mailfleet.io/config-hash");
  }

  /** The names of the objects {@code ownerUid} owns in the namespace, by kind, sorted. */
  private static Map<String, List<String>> ownedBy(KubernetesClient client, String ownerUid) {
    Map<String, List<? extends HasMetadata>> byKind =
        Map.of(
            "StatefulSet", client.apps().statefulSets().list().getItems(),
            "Service", client.services().list().getItems(),
            "ConfigMap", client.configMaps().list().getItems(),
            "Secret", client.secrets().list().getItems(),
            "PodDisruptionBudget", client.policy().v1().podDisruptionBudget().list().getItems(),
            "NetworkPolicy", client.network().v1().networkPolicies().list().getItems());
    Map<String, List<String>> owned = new TreeMap<>();
    byKind.forEach(
        (kind, objects) -> {
          List<String> names =
              objects.stream()
                  .filter(o -> ownedBy(o, ownerUid))
                  .map(o -> o.getMetadata().getName())
                  .sorted()
                  .toList();
          if (!names.isEmpty()) {
            owned.put(kind, names);
          }
        });
    return owned;
  }

  private static boolean ownedBy(HasMetadata object, String ownerUid) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> ownerUid.equals(o.getUid()));
  }

  private static void awaitOrExplain(String what, Duration timeout, Callable<Boolean> condition) {
    tier.await(what, timeout, Duration.ofMillis(500), condition, Boolean.TRUE::equals);
  }
}
