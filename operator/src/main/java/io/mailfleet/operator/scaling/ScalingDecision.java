package io.mailfleet.operator.scaling;

import java.util.Objects;

/**
 * What the policy recommends for a tier this round.
 *
 * @param current pods the tier runs now
 * @param desired pods it should run
 * @param reason the rule that set {@code desired}
 * @param message the figures behind it, for the tier's status and events
 */
public record ScalingDecision(int current, int desired, ScalingReason reason, String message) {

  /** Which way a decision moves the tier. */
  public enum Direction {
    UP,
    DOWN,
    NONE;

    /** The direction as a metric label: {@code up}, {@code down}, {@code none}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ScalingDecision {
    if (current < 0 || desired < 0) {
      throw new IllegalArgumentException("replicas must not be negative");
    }
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** Up, down or none. */
  public Direction direction() {
    return desired > current ? Direction.UP : desired < current ? Direction.DOWN : Direction.NONE;
  }

  /** {@code Reason: message}, what the tier's {@code lastScaleReason} says. */
  public String summary() {
    return reason.label() + ": " + message;
  }
}
