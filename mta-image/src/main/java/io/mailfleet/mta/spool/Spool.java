package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable message store. A message becomes visible to {@link #recover()} and to delivery only once
 * the future returned by {@link SpoolWriter#commit()} has completed: with {@link Durability#FSYNC}
 * that future completes after envelope and content are on disk.
 */
public interface Spool extends AutoCloseable {

  /** Starts storing one message; its content follows through the writer. */
  SpoolWriter begin(Envelope envelope);

  /** Every committed, not yet completed message, oldest first (rebuilds the queue at start). */
  List<SpooledMessage> recover();

  /**
   * When the oldest committed, not yet completed message was received; empty when there is none.
   * The admin API asks on every poll, so implementations should not sort or copy to answer.
   */
  default Optional<Instant> oldestReceivedAt() {
    return recover().stream().map(m -> m.envelope().receivedAt()).min(Instant::compareTo);
  }

  /** Reads a committed message's content (the exact bytes written, headers included). */
  InputStream open(MessageId id);

  /**
   * Records that a message needs no more work (delivered, bounced or expired); frees space. The
   * future completes once the record is durable. A record the disk refuses is kept and written
   * again until it succeeds, so the message is not delivered again after a restart; the future
   * fails only when the spool closes first.
   */
  CompletableFuture<Void> complete(MessageId id);

  /** Counts and sizes for the admin API and metrics. */
  SpoolStats stats();

  /** True while the spool can take messages; false once closed or stopped by an I/O error. */
  boolean isAvailable();

  /** Whether new mail is welcome now, and if not, why. */
  default SpoolCondition condition() {
    return isAvailable() ? SpoolCondition.WRITABLE : SpoolCondition.CLOSED;
  }

  /**
   * False when the spool cannot make progress and a restart is the remedy: its writes have failed
   * for longer than a bound although the volume has room (a broken or read-only volume). A full
   * volume is not such a case: deliveries free space, so the spool stays live, only not ready.
   */
  default boolean makesProgress() {
    return true;
  }

  @Override
  void close();
}
