package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.ConditionStatus;

/**
 * What the operator concluded about one condition type in this reconciliation, before it is merged
 * with the previous status into a Condition.
 *
 * @param type Ready, Progressing, Degraded ...
 * @param status whether it holds
 * @param reason CamelCase cause, e.g. ClusterNotFound
 * @param message what happened and what to do about it
 */
public record Observation(String type, ConditionStatus status, String reason, String message) {

  /** Ready: the resource does its job. */
  public static final String READY = "Ready";

  /** Progressing: the resource is moving towards its spec. */
  public static final String PROGRESSING = "Progressing";

  /** Degraded: something is wrong that the user must look at. */
  public static final String DEGRADED = "Degraded";

  public Observation {
    if (type == null || type.isBlank() || status == null) {
      throw new IllegalArgumentException("type and status are required");
    }
    if (reason == null || !reason.matches("[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?")) {
      throw new IllegalArgumentException("reason must be CamelCase: " + reason);
    }
    message = message == null ? "" : message;
  }

  /** A condition that holds. */
  public static Observation holds(String type, String reason, String message) {
    return new Observation(type, ConditionStatus.TRUE, reason, message);
  }

  /** A condition that does not hold. */
  public static Observation fails(String type, String reason, String message) {
    return new Observation(type, ConditionStatus.FALSE, reason, message);
  }
}
