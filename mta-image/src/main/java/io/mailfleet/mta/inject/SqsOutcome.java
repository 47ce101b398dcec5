package io.mailfleet.mta.inject;

import java.util.Locale;

/** What became of one message received from SQS; the {@code outcome} label of its metric. */
enum SqsOutcome {
  /** Committed to the spool, then deleted from the queue. */
  SPOOLED,
  /** Not a valid injection request: logged, counted and deleted (the dead-letter path). */
  MALFORMED,
  /** The spool could not take it: left in the queue, invisible for a while, offered again. */
  DEFERRED,
  /**
   * Committed to the spool but not deleted from the queue: SQS offers it again and it is delivered
   * twice (at least once, never lost).
   */
  DELETE_FAILED;

  /** The metric label. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
