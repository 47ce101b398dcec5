package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A DeliveryTier's status, from what its StatefulSet reports, from a missing reference or from a
 * failed reconciliation.
 */
public final class TierStatusModel {

  /** Ready=False: the MailCluster named by clusterRef does not exist. */
  public static final String CLUSTER_NOT_FOUND = "ClusterNotFound";

  /** Ready=False: the SendingIpPool named by ipPoolRef does not exist. */
  public static final String IP_POOL_NOT_FOUND = "IpPoolNotFound";

  /**
   * Ready=False, Degraded: the API server refused an object made from the tier as invalid, so the
   * tier cannot follow its spec until the field the refusal names is changed.
   */
  public static final String OBJECT_REFUSED = "ObjectRefused";

  /**
   * Degraded: a reconciliation failed for another reason (a conflict, a timeout); it is retried.
   */
  public static final String RECONCILE_FAILED = "ReconcileFailed";

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

  /**
   * The conditions of a tier whose reconciliation failed with {@code failure}. A refused object
   * makes the tier not ready, since it cannot follow its spec; another failure leaves Ready as it
   * was, or sets it False on a tier that never had it, so kubectl's READY column is never empty.
   *
   * @param refused whether the API server refused an object as invalid
   * @param failure the API server's words, per dependent
   */
  public static List<Condition> failed(
      List<Condition> previous, boolean refused, String failure, long generation, Instant now) {
    if (refused) {
      String message =
          "The API server refused an object made from this tier (change the DeliveryTier or"
              + " MailCluster field it names; the operator retries): "
              + failure;
      return ConditionTransitions.replace(
          ConditionTransitions.replace(
              previous,
              Observation.fails(Observation.READY, OBJECT_REFUSED, message),
              generation,
              now),
          Observation.holds(Observation.DEGRADED, OBJECT_REFUSED, message),
          generation,
          now);
    }
    List<Condition> degraded =
        ConditionTransitions.replace(
            previous,
            Observation.holds(Observation.DEGRADED, RECONCILE_FAILED, failure),
            generation,
            now);
    if (ConditionTransitions.find(previous, Observation.READY).isPresent()) {
      return degraded;
    }
    return ConditionTransitions.replace(
        degraded,
        Observation.fails(
            Observation.READY,
            RECONCILE_FAILED,
            "Not reconciled yet, the operator retries: " + failure),
        generation,
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
