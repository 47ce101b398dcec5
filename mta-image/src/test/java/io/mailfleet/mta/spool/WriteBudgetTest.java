package io.mailfleet.mta.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The heap budget behind {@link SpoolWriter#writable()}. */
class WriteBudgetTest {

  private final WriteBudget budget = new WriteBudget(1000);

  @Test
  void writableWhileUnderTheHighWaterMark() {
    budget.queued(1000);

    assertThat(budget.writable()).isDone();
  }

  @Test
  void writersPauseAboveTheHighWaterMarkAndResumeBelowTheLowOne() {
    budget.queued(1500);
    CompletableFuture<Void> first = budget.writable();
    CompletableFuture<Void> second = budget.writable();
    assertThat(first).isNotDone().isSameAs(second);

    assertThat(budget.written(600)).as("still above low water (900 queued)").isNull();
    assertThat(first).isNotDone();

    CompletableFuture<Void> resume = budget.written(400);
    assertThat(resume).isSameAs(first);
    assertThat(budget.queuedBytes()).isEqualTo(500);
    assertThat(budget.writable()).isDone();
  }
}
