package io.mailfleet.mta.spool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Since when the spool's writes (or fsyncs) have been failing: set by the first failure, cleared by
 * the next write that succeeds. Readiness and liveness read it; written by the spool's threads.
 */
final class WriteFailures {

  private static final Logger LOG = LoggerFactory.getLogger(WriteFailures.class);
  private static final long WRITING = Long.MIN_VALUE;

  private final String dir;
  private final SpoolObserver observer;
  private final AtomicLong failingSinceNanos = new AtomicLong(WRITING);

  WriteFailures(String dir, SpoolObserver observer) {
    this.dir = dir;
    this.observer = observer;
  }

  /** A write or fsync failed; the first one of a run is logged with its cause. */
  void failed(Exception cause) {
    observer.writeFailed();
    if (failingSinceNanos.compareAndSet(WRITING, System.nanoTime())) {
      LOG.error(
          "spool writes failing in {}; commits are refused until a write succeeds", dir, cause);
    } else {
      LOG.debug("spool write failed again in {}: {}", dir, cause.toString());
    }
  }

  /** A write and its fsync succeeded. */
  void succeeded() {
    long since = failingSinceNanos.getAndSet(WRITING);
    if (since != WRITING) {
      LOG.info(
          "spool writes succeed again in {} after {}",
          dir,
          Duration.ofNanos(System.nanoTime() - since));
    }
  }

  boolean failing() {
    return failingSinceNanos.get() != WRITING;
  }

  /** How long writes have been failing; zero while they succeed. */
  Duration failingFor() {
    long since = failingSinceNanos.get();
    return since == WRITING ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
  }
}
