package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A DeliveryTier's status, from what its StatefulSet reports or from a missing reference. */
public final class TierStatusModel {

  /** Ready=False: the MailCluster named by clusterRef does not exist. */
  public static final String CLUSTER_NOT_FOUND = "ClusterNotFound";

  /** Ready=False: the SendingIpPool named by ipPoolRef does not exist. */
  public static final String IP_POOL_NOT_FOUND = "IpPoolNotFound";

  private TierStatusModel() {}

  /** Status of a tier whose StatefulSet (possibly not yet observed) runs. */
  public static DeliveryTierStatus running(
      DeliveryTier tier, TierIdentity id, Optional<StatefulSet> statefulSet, Instant now) {
    int desired = TierReplicas.desired(tier);
    return running(tier, id, statefulSet, desired, desired, now);
  }

  /**
   * Status of a tier whose StatefulSet runs {@code podsWanted} pods this round while the tier heads
   * for {@code desiredReplicas} (they differ while a leaving pod hands its queue over).
   */
  public static DeliveryTierStatus running(
      DeliveryTier tier,
      TierIdentity id,
      Optional<StatefulSet> statefulSet,
      int podsWanted,
      int desiredReplicas,
      Instant now) {
    int desired = podsWanted;
    StatefulSetStatus sts =
        statefulSet.map(StatefulSet::getStatus).orElseGet(StatefulSetStatus::new);
    int replicas = orZero(sts.getReplicas());
    int ready = orZero(sts.getReadyReplicas());
    int updated = orZero(sts.getUpdatedReplicas());
    boolean observed =
        statefulSet.isPresent()
            && sts.getObservedGeneration() != null
            && sts.getObservedGeneration() >= statefulSet.get().getMetadata().getGeneration();
    boolean rolledOut = observed && updated == desired && replicas == desired;
    String pods = ready + "/" + desired + " pods ready";

    List<Observation> observations =
        List.of(
            rolledOut && ready == desired
                ? Observation.holds(Observation.READY, "AllPodsReady", pods)
                : Observation.fails(Observation.READY, "PodsNotReady", pods),
            progressing(rolledOut, ready, updated, desired, pods),
            Observation.fails(Observation.DEGRADED, "AsExpected", "references resolve"));
    return base(tier, id, replicas, ready, desiredReplicas, observations, now);
  }

  private static Observation progressing(
      boolean rolledOut, int ready, int updated, int desired, String pods) {
    if (!rolledOut) {
      return Observation.holds(
          Observation.PROGRESSING,
          "RollingOut",
          updated + "/" + desired + " pods at the current revision");
    }
    if (ready < desired) {
      return Observation.holds(Observation.PROGRESSING, "PodsStarting", pods);
    }
    return Observation.fails(Observation.PROGRESSING, "RolloutComplete", pods);
  }

  /** Status of a tier that cannot run because a reference is missing: no hot retry, a reason. */
  public static DeliveryTierStatus missingReference(
      DeliveryTier tier,
      TierIdentity id,
      Optional<StatefulSet> statefulSet,
      String reason,
      String message,
      Instant now) {
    StatefulSetStatus sts =
        statefulSet.map(StatefulSet::getStatus).orElseGet(StatefulSetStatus::new);
    List<Observation> observations =
        List.of(
            Observation.fails(Observation.READY, reason, message),
            Observation.fails(Observation.PROGRESSING, reason, "waiting for the reference"),
            Observation.holds(Observation.DEGRADED, reason, message));
    return base(
        tier,
        id,
        orZero(sts.getReplicas()),
        orZero(sts.getReadyReplicas()),
        TierReplicas.desired(tier),
        observations,
        now);
  }

  private static DeliveryTierStatus base(
      DeliveryTier tier,
      TierIdentity id,
      int replicas,
      int ready,
      int desired,
      List<Observation> observations,
      Instant now) {
    DeliveryTierStatus previous =
        tier.getStatus() == null ? new DeliveryTierStatus() : tier.getStatus();
    long generation =
        tier.getMetadata().getGeneration() == null ? 0 : tier.getMetadata().getGeneration();
    // Fields other engineers' controllers own (queue figures, scaling history, draining pods)
    // are carried over, so this patch does not erase them.
    return new DeliveryTierStatus()
        .setObservedGeneration(generation)
        .setConditions(
            ConditionTransitions.apply(previous.getConditions(), observations, generation, now))
        .setReplicas(replicas)
        .setReadyReplicas(ready)
        .setDesiredReplicas(desired)
        .setSelector(id.selectorString())
        .setQueueDepth(previous.getQueueDepth())
        .setOldestMessageAge(previous.getOldestMessageAge())
        .setLastScaleTime(previous.getLastScaleTime())
        .setLastScaleReason(previous.getLastScaleReason())
        .setDrainingPods(previous.getDrainingPods())
        .setScaleDown(previous.getScaleDown());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
