package io.mailfleet.mta.spool;

import java.time.Duration;

/**
 * Hears what the spool's I/O threads do, for metrics; called on those threads, so it must not
 * block.
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

  /** A write or fsync of the spool failed (a full or broken disk); the spool tries again. */
  default void writeFailed() {}
}
