package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns this reconciliation's observations into conditions, keeping each condition's
 * lastTransitionTime unless its status changed: the time says since when, not when last checked.
 */
public final class ConditionTransitions {

  private ConditionTransitions() {}

  /** The conditions for {@code observed}, given the {@code previous} status's conditions. */
  public static List<Condition> apply(
      List<Condition> previous, List<Observation> observed, long generation, Instant now) {
    List<Condition> before = previous == null ? List.of() : previous;
    String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
    return observed.stream()
        .map(
            o -> {
              String since =
                  before.stream()
                      .filter(c -> o.type().equals(c.getType()) && o.status() == c.getStatus())
                      .map(Condition::getLastTransitionTime)
                      .filter(Objects::nonNull)
                      .findFirst()
                      .orElse(nowText);
              return new Condition()
                  .setType(o.type())
                  .setStatus(o.status())
                  .setReason(o.reason())
                  .setMessage(o.message())
                  .setObservedGeneration(generation)
                  .setLastTransitionTime(since);
            })
        .toList();
  }

  /**
   * {@code previous} with the condition of {@code observed}'s type set from it (added when absent),
   * the others unchanged: for a failed reconciliation, which learned only that one thing.
   */
  public static List<Condition> replace(
      List<Condition> previous, Observation observed, long generation, Instant now) {
    List<Condition> before = previous == null ? List.of() : previous;
    Condition updated = apply(before, List.of(observed), generation, now).get(0);
    List<Condition> after =
        new ArrayList<>(before.stream().filter(c -> !observed.type().equals(c.getType())).toList());
    after.add(updated);
    return after;
  }

  /** The condition of {@code type} in {@code conditions}, if any. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
