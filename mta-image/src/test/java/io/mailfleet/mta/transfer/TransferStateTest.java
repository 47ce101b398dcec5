package io.mailfleet.mta.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a transfer's counts move as messages are offered, and that an ended transfer stays ended. */
class TransferStateTest {

  private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
  private static final Instant T1 = T0.plusSeconds(7);

  @Test
  void startedTransferIsRunningWithNothingCountedYet() {
    TransferState state = TransferState.started("10.0.0.2:2525", T0);

    assertThat(state)
        .isEqualTo(
            new TransferState(
                TransferPhase.RUNNING,
                "10.0.0.2:2525",
                "2026-11-28T12:00:00Z",
                null,
                0,
                0,
                0,
                0,
                null));
  }

  @Test
  void transferredMessageLeavesTheRemainingAndRefusedOneStays() {
    TransferState state =
        TransferState.started("p:25", T0)
            .snapshot(3)
            .transferredOne()
            .refusedOne("550 5.1.1 no such user")
            .transferredOne();

    assertThat(state.transferred()).isEqualTo(2);
    assertThat(state.failed()).isEqualTo(1);
    assertThat(state.remaining()).isEqualTo(1);
    assertThat(state.lastError()).isEqualTo("550 5.1.1 no such user");
  }

  @Test
  void cutTransactionCountsAsUnconfirmedAndKeepsTheMessageRemaining() {
    TransferState state =
        TransferState.started("p:25", T0).snapshot(2).unconfirmedOne("451 4.4.2 closed");

    assertThat(state.unconfirmed()).isEqualTo(1);
    assertThat(state.remaining()).isEqualTo(2);
    assertThat(state.lastError()).isEqualTo("451 4.4.2 closed");
  }

  @Test
  void doneKeepsTheCountsAndRecordsTheEnd() {
    TransferState done = TransferState.started("p:25", T0).snapshot(1).transferredOne().done(T1);

    assertThat(done.state()).isEqualTo(TransferPhase.DONE);
    assertThat(done.finishedAt()).isEqualTo("2026-11-28T12:00:07Z");
    assertThat(done.transferred()).isEqualTo(1);
    assertThat(done.remaining()).isZero();
    assertThat(done.lastError()).isNull();
  }

  @Test
  void failedNamesTheError() {
    TransferState failed =
        TransferState.started("p:25", T0).snapshot(4).failed(T1, "peer unreachable: refused");

    assertThat(failed.state()).isEqualTo(TransferPhase.FAILED);
    assertThat(failed.remaining()).isEqualTo(4);
    assertThat(failed.lastError()).isEqualTo("peer unreachable: refused");
  }

  @Test
  void endedTransferTakesNoMoreProgress() {
    TransferState done = TransferState.started("p:25", T0).done(T1);

    assertThatThrownBy(done::transferredOne).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> done.failed(T1, "late")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void finishedAtIsSetExactlyWhenEnded() {
    assertThatThrownBy(
            () ->
                new TransferState(
                    TransferPhase.DONE, "p:25", T0.toString(), null, 0, 0, 0, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
