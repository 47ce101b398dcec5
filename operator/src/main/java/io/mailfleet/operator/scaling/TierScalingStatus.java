package io.mailfleet.operator.scaling;

import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import io.mailfleet.operator.model.ConditionTransitions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Writes a scaling round's figures, step and Scaling condition into a tier's new status. */
public final class TierScalingStatus {

  private TierScalingStatus() {}

  /** {@code status} (built by the tier's status model) with {@code scaling}'s parts set. */
  public static DeliveryTierStatus apply(
      DeliveryTier tier, DeliveryTierStatus status, TierScaling scaling, Instant now) {
    long generation =
        tier.getMetadata().getGeneration() == null ? 0 : tier.getMetadata().getGeneration();
    List<Condition> previous = tier.getStatus() == null ? null : tier.getStatus().getConditions();
    List<Condition> conditions =
        new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
    conditions.removeIf(c -> TierScaling.SCALING.equals(c.getType()));
    conditions.addAll(
        ConditionTransitions.apply(previous, List.of(scaling.condition()), generation, now));
    status.setConditions(conditions);
    scaling
        .load()
        .ifPresent(
            load ->
                status
                    .setQueueDepth(load.knownMessages())
                    .setOldestMessageAge(coarse(Duration.ofSeconds(load.oldestAgeSeconds()))));
    status.setScaleDown(scaling.step());
    status.setDrainingPods(
        scaling.step() != null && ScaleDownProtocol.TRANSFERRING.equals(scaling.step().getPhase())
            ? List.of(scaling.step().getPod())
            : null);
    scaling
        .scaled()
        .ifPresent(
            why ->
                status
                    .setLastScaleTime(now.truncatedTo(ChronoUnit.SECONDS).toString())
                    .setLastScaleReason(why));
    return status;
  }

  /**
   * An age as {@code kubectl} shows ages, only as precise as it is useful: 10-second steps under a
   * minute, whole minutes under an hour, hours and minutes beyond. A message that merely grows
   * older then changes the status (and costs a write) once a minute, not every round.
   */
  static String coarse(Duration age) {
    long s = age.toSeconds();
    if (s < 60) {
      return (s / 10 * 10) + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m";
    }
    return (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }
}
