package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completions whose records are owed to their journals, oldest first: kept through write and fsync
 * failures and written again, never dropped (ADR 0014). Touched by the writer thread only.
 */
final class KeptCompletions {

  private static final Logger LOG = LoggerFactory.getLogger(KeptCompletions.class);

  private final Path dir;
  private final Deque<Completion> owed = new ArrayDeque<>();

  KeptCompletions(Path dir) {
    this.dir = dir;
  }

  boolean isEmpty() {
    return owed.isEmpty();
  }

  /** A new completion, written after those already owed. */
  void keep(Completion c) {
    owed.add(c);
  }

  /** A completion whose written record was lost, written again before the others. */
  void keepFirst(Completion c) {
    owed.addFirst(c);
  }

  /** Appends the records owed, oldest first, into {@code group}; one that fails stays owed. */
  void writeAll(SegmentLog log, CommitGroup group) throws IOException {
    while (!owed.isEmpty()) {
      Completion c = owed.peek();
      log.appendDone(c.message());
      owed.remove();
      group.completionWritten(c);
    }
  }

  /** The spool closed with these still owed: their messages are delivered again after restart. */
  void failAll() {
    SpoolException closed = new SpoolException("spool in " + dir + " is closed");
    if (!owed.isEmpty()) {
      LOG.warn(
          "spool in {} closed with {} completions not written; those messages are delivered"
              + " again after restart",
          dir,
          owed.size());
    }
    owed.forEach(c -> c.future().completeExceptionally(closed));
    owed.clear();
  }
}
