package io.mailfleet.mta.spool;

import java.time.Duration;

/**
 * Hears what the spool's I/O thread does, for metrics; called on that thread, so it must not block.
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
}
