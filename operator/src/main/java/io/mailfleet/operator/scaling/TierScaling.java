package io.mailfleet.operator.scaling;

import io.mailfleet.operator.api.v1alpha1.ScaleDownStep;
import io.mailfleet.operator.model.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What one scaling round concluded for a tier: the StatefulSet's replicas, the tier's target, the
 * queue figures and step for its status, and what to tell the user.
 *
 * @param statefulSetReplicas the replicas to apply, empty to keep the model's (no StatefulSet yet)
 * @param desiredReplicas the size the tier is headed for
 * @param load this round's queue readings, empty when none were taken
 * @param step the scale-down step to record, or null for none
 * @param scaled the reason to record as lastScaleReason when the StatefulSet changed size now
 * @param condition the tier's Scaling condition
 * @param event an Event to record on the tier: what this round changed, or why a step failed
 */
public record TierScaling(
    Optional<Integer> statefulSetReplicas,
    int desiredReplicas,
    Optional<TierLoad> load,
    ScaleDownStep step,
    Optional<String> scaled,
    Observation condition,
    Optional<ScalingEvent> event) {

  /** Type of the condition that says whether the tier is at its size, growing or shrinking. */
  public static final String SCALING = "Scaling";

  public TierScaling {
    Objects.requireNonNull(statefulSetReplicas, "statefulSetReplicas");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(scaled, "scaled");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(event, "event");
  }
}
