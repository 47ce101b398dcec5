package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lastTransitionTime says since when a condition holds, not when it was last checked. */
class ConditionTransitionsTest {

  private static final Instant EARLIER = Instant.parse("2026-11-28T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-11-28T11:00:00Z");

  @Test
  void anUnchangedStatusKeepsItsTransitionTimeEvenWhenTheReasonChanges() {
    List<Condition> first =
        ConditionTransitions.apply(
            null, List.of(Observation.fails("Ready", "PodsNotReady", "0/2")), 1, EARLIER);

    List<Condition> second =
        ConditionTransitions.apply(
            first, List.of(Observation.fails("Ready", "ClusterNotFound", "gone")), 2, LATER);

    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(second.get(0).getReason()).isEqualTo("ClusterNotFound");
    assertThat(second.get(0).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void aFlippedStatusTakesTheNewTime() {
    List<Condition> first =
        ConditionTransitions.apply(
            null, List.of(Observation.fails("Ready", "PodsNotReady", "0/2")), 1, EARLIER);

    List<Condition> second =
        ConditionTransitions.apply(
            first, List.of(Observation.holds("Ready", "AllPodsReady", "2/2")), 1, LATER);

    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-11-28T11:00:00Z");
  }

  @Test
  void aFailureReplacesOnlyItsOwnConditionType() {
    List<Condition> before =
        ConditionTransitions.apply(
            null,
            List.of(
                Observation.holds("Ready", "AllPodsReady", "2/2"),
                Observation.fails("Degraded", "AsExpected", "")),
            1,
            EARLIER);

    List<Condition> after =
        ConditionTransitions.replace(
            before, Observation.holds("Degraded", "ReconcileFailed", "422 Invalid"), 2, LATER);

    assertThat(after)
        .extracting(c -> c.getType() + "/" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready/TRUE/AllPodsReady", "Degraded/TRUE/ReconcileFailed");
    assertThat(after.get(1).getLastTransitionTime()).isEqualTo("2026-11-28T11:00:00Z");
  }
}
