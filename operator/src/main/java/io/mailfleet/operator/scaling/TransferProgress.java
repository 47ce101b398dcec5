package io.mailfleet.operator.scaling;

import java.util.Objects;

/**
 * A leaving pod's transfer as its {@code GET /api/v1/transfer} reports it.
 *
 * @param state {@code running}, {@code done} or {@code failed}
 * @param peer the peer's {@code host:port}
 * @param transferred messages the peer took in full
 * @param failed messages the peer refused; they stay on the leaving pod
 * @param unconfirmed transactions whose reply was lost: possible duplicates at the peer
 * @param remaining messages of the transfer's snapshot still on the leaving pod
 * @param lastError the last refusal or connection failure, or {@code null}
 */
public record TransferProgress(
    String state,
    String peer,
    int transferred,
    int failed,
    int unconfirmed,
    int remaining,
    String lastError) {

  public TransferProgress {
    Objects.requireNonNull(state, "state");
  }

  /** Whether the transfer still runs. */
  public boolean running() {
    return "running".equalsIgnoreCase(state);
  }

  /** Whether it ended because of an error rather than having offered every message. */
  public boolean failedOutright() {
    return "failed".equalsIgnoreCase(state);
  }
}
