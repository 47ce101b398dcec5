package io.mailfleet.operator.scaling;

import java.util.Objects;

/**
 * An Event a scaling round records on its tier: Normal for a change it made (the StatefulSet grew
 * or shrank, a pod began to leave), Warning for a step it called off.
 *
 * @param warning whether it is a Warning rather than a Normal event
 * @param reason a short CamelCase reason, e.g. {@code ScaledUp}
 * @param message the figures behind it
 */
public record ScalingEvent(boolean warning, String reason, String message) {

  /** A pod left after its queue was handed over. */
  public static final String SCALED_DOWN = "ScaledDown";

  public ScalingEvent {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  static ScalingEvent normal(String reason, String message) {
    return new ScalingEvent(false, reason, message);
  }

  static ScalingEvent warning(String reason, String message) {
    return new ScalingEvent(true, reason, message);
  }
}
