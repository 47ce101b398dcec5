package io.mailfleet.mta.spool;

import java.time.Duration;

/**
 * Hears what the spool's I/O threads do, for metrics; called on those threads (and once per damaged
 * segment during recovery), so it must not block.
 */
public interface SpoolObserver {

  /** Observes nothing. */
  SpoolObserver NONE = (latency, batchSize) -> {};

  /**
   * One force of the spool's files to disk.
   *
   * @param latency how long the fsync took
   * @param batchSize how many commits it made durable at once (group commit)
   */
  void fsynced(Duration latency, int batchSize);

  /**
   * Recovery found records it could not read in the middle of a segment and quarantined it.
   *
   * @param unreadableRanges how many separate byte ranges could not be read
   * @param unreadableBytes how many bytes they span
   */
  default void quarantined(int unreadableRanges, long unreadableBytes) {}

  /** A write or fsync of the spool failed (a full or broken disk); the spool tries again. */
  default void writeFailed() {}
}
