package io.mailfleet.mta.config;

/** When a commit counts as done; mirrors {@code MailCluster.spec.spool.durability}. */
public enum Durability {
  /** Commit completes after envelope and content are fsynced. Concurrent commits share fsyncs. */
  FSYNC,
  /**
   * Commit completes once the bytes are written; fsync runs periodically. A crash of the node (not
   * just the process) can lose what was acknowledged since the last fsync.
   */
  BATCHED
}
