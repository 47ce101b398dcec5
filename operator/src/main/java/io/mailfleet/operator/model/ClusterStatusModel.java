package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MailClusterStatus;
import io.mailfleet.operator.api.v1alpha1.TierSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A MailCluster's status: its secret references and the sum of its tiers. */
public final class ClusterStatusModel {

  /** Ready=False and Degraded=True: a Secret the spec names does not exist. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  private ClusterStatusModel() {}

  /**
   * @param tiers the DeliveryTiers whose clusterRef names {@code cluster}
   * @param missingSecrets names of referenced Secrets that do not exist, empty when all do
   * @param monitoring the MonitoringReady condition, empty while monitoring is off
   */
  public static MailClusterStatus of(
      MailCluster cluster,
      List<DeliveryTier> tiers,
      List<String> missingSecrets,
      Optional<Observation> monitoring,
      Instant now) {
    List<DeliveryTier> sorted =
        tiers.stream().sorted(Comparator.comparing(t -> t.getMetadata().getName())).toList();
    List<String> notReady =
        sorted.stream()
            .filter(t -> !holds(t, Observation.READY))
            .map(ClusterStatusModel::name)
            .toList();
    List<String> rolling =
        sorted.stream()
            .filter(t -> holds(t, Observation.PROGRESSING))
            .map(ClusterStatusModel::name)
            .toList();
    List<String> degraded =
        sorted.stream()
            .filter(t -> holds(t, Observation.DEGRADED))
            .map(ClusterStatusModel::name)
            .toList();

    List<Observation> observations = new ArrayList<>();
    observations.add(ready(cluster, sorted, notReady, missingSecrets));
    observations.add(
        rolling.isEmpty()
            ? Observation.fails(Observation.PROGRESSING, "Stable", "no tier is rolling out")
            : Observation.holds(
                Observation.PROGRESSING,
                "TiersRollingOut",
                "rolling out: " + String.join(", ", rolling)));
    observations.add(degraded(missingSecrets, degraded));
    monitoring.ifPresent(observations::add);

    MailClusterStatus previous =
        cluster.getStatus() == null ? new MailClusterStatus() : cluster.getStatus();
    long generation =
        cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
    return new MailClusterStatus()
        .setObservedGeneration(generation)
        .setConditions(
            ConditionTransitions.apply(previous.getConditions(), observations, generation, now))
        .setTiers(sorted.stream().map(ClusterStatusModel::summary).toList())
        .setLoadBalancerDnsName(previous.getLoadBalancerDnsName())
        .setQueueDepth(
            sorted.stream()
                .map(DeliveryTier::getStatus)
                .filter(Objects::nonNull)
                .map(DeliveryTierStatus::getQueueDepth)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum());
  }

  private static Observation ready(
      MailCluster cluster,
      List<DeliveryTier> tiers,
      List<String> notReady,
      List<String> missingSecrets) {
    if (!missingSecrets.isEmpty()) {
      return Observation.fails(
          Observation.READY, SECRET_NOT_FOUND, missingSecretsMessage(missingSecrets));
    }
    if (tiers.isEmpty()) {
      return Observation.fails(
          Observation.READY,
          "NoTiers",
          "no DeliveryTier has clusterRef.name "
              + cluster.getMetadata().getName()
              + ": create one to run MTAs");
    }
    if (!notReady.isEmpty()) {
      return Observation.fails(
          Observation.READY, "TiersNotReady", "not ready: " + String.join(", ", notReady));
    }
    return Observation.holds(Observation.READY, "AllTiersReady", tiers.size() + " tiers ready");
  }

  private static Observation degraded(List<String> missingSecrets, List<String> degraded) {
    if (!missingSecrets.isEmpty()) {
      return Observation.holds(
          Observation.DEGRADED, SECRET_NOT_FOUND, missingSecretsMessage(missingSecrets));
    }
    if (!degraded.isEmpty()) {
      return Observation.holds(
          Observation.DEGRADED, "TiersDegraded", "degraded: " + String.join(", ", degraded));
    }
    return Observation.fails(Observation.DEGRADED, "AsExpected", "secrets and tiers as expected");
  }

  private static String missingSecretsMessage(List<String> missing) {
    return "Secrets not found in this namespace: "
        + String.join(", ", missing)
        + "; create them or remove the references";
  }

  private static TierSummary summary(DeliveryTier tier) {
    DeliveryTierStatus status =
        tier.getStatus() == null ? new DeliveryTierStatus() : tier.getStatus();
    return new TierSummary()
        .setName(name(tier))
        .setReplicas(status.getReplicas())
        .setReadyReplicas(status.getReadyReplicas())
        .setQueueDepth(status.getQueueDepth());
  }

  private static boolean holds(DeliveryTier tier, String type) {
    List<Condition> conditions = tier.getStatus() == null ? null : tier.getStatus().getConditions();
    return ConditionTransitions.find(conditions, type)
        .map(c -> c.getStatus() == ConditionStatus.TRUE)
        .orElse(false);
  }

  private static String name(DeliveryTier tier) {
    return tier.getMetadata().getName();
  }
}
