package io.mailfleet.mta.transfer;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code GET /api/v1/transfer} answers: one transfer's progress, counted in messages of the
 * snapshot taken when it started.
 *
 * @param state running, done or failed
 * @param peer the peer's {@code host:port}
 * @param startedAt when it started (ISO-8601)
 * @param finishedAt when it ended (ISO-8601), {@code null} while running
 * @param transferred messages the peer took in full (250 after the final dot); they left the spool
 * @param failed messages the peer refused, wholly or for some recipients; those stay queued here
 * @param unconfirmed transactions whose connection broke after the whole content was sent, before
 *     the peer's reply: the peer may hold a copy of a message that is also still here, hence
 *     possibly a duplicate
 * @param remaining messages of the snapshot still (at least partly) queued here
 * @param lastError the last refusal or connection failure, {@code null} if none
 */
public record TransferState(
    TransferPhase state,
    String peer,
    String startedAt,
    String finishedAt,
    int transferred,
    int failed,
    int unconfirmed,
    int remaining,
    String lastError) {

  public TransferState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(startedAt, "startedAt");
    if (transferred < 0 || failed < 0 || unconfirmed < 0 || remaining < 0) {
      throw new IllegalArgumentException("transfer counts must not be negative");
    }
    if ((state == TransferPhase.RUNNING) != (finishedAt == null)) {
      throw new IllegalArgumentException("finishedAt is set exactly when the transfer has ended");
    }
  }

  /** A transfer just started, before it knows what is queued. */
  public static TransferState started(String peer, Instant at) {
    return new TransferState(TransferPhase.RUNNING, peer, at.toString(), null, 0, 0, 0, 0, null);
  }

  /** The queue snapshot to transfer holds {@code messages}. */
  public TransferState snapshot(int messages) {
    return running(transferred, failed, unconfirmed, messages, lastError);
  }

  /** The peer took one message in full. */
  public TransferState transferredOne() {
    return running(transferred + 1, failed, unconfirmed, remaining - 1, lastError);
  }

  /** The peer refused one message, or some of its recipients, with {@code reply}. */
  public TransferState refusedOne(String reply) {
    return running(transferred, failed + 1, unconfirmed, remaining, reply);
  }

  /** The connection broke after the content, before the peer's reply; the message stays here. */
  public TransferState unconfirmedOne(String reason) {
    return running(transferred, failed, unconfirmed + 1, remaining, reason);
  }

  /** A connection could not be opened, or broke before the content was complete. */
  public TransferState connectionFailed(String reason) {
    return running(transferred, failed, unconfirmed, remaining, reason);
  }

  /** Every message of the snapshot was offered. */
  public TransferState done(Instant at) {
    return ended(TransferPhase.DONE, at, lastError);
  }

  /** The transfer stopped early because of {@code error}. */
  public TransferState failed(Instant at, String error) {
    return ended(TransferPhase.FAILED, at, error);
  }

  private TransferState running(
      int transferred, int failed, int unconfirmed, int remaining, String lastError) {
    if (state != TransferPhase.RUNNING) {
      throw new IllegalStateException("transfer to " + peer + " has ended: " + state);
    }
    return new TransferState(
        state, peer, startedAt, null, transferred, failed, unconfirmed, remaining, lastError);
  }

  private TransferState ended(TransferPhase end, Instant at, String error) {
    if (state != TransferPhase.RUNNING) {
      throw new IllegalStateException("transfer to " + peer + " has ended: " + state);
    }
    return new TransferState(
        end, peer, startedAt, at.toString(), transferred, failed, unconfirmed, remaining, error);
  }
}
