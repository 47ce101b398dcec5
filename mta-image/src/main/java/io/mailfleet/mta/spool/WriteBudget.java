package io.mailfleet.mta.spool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the content waiting in heap for the I/O thread. Above the high-water mark writers are told
 * to pause ({@link SpoolWriter#writable()} returns an incomplete future); the future completes once
 * the I/O thread has written enough to fall below the low-water mark.
 */
final class WriteBudget {

  private static final CompletableFuture<Void> WRITABLE = CompletableFuture.completedFuture(null);

  private final long highWater;
  private final long lowWater;
  private final AtomicLong queued = new AtomicLong();
  private CompletableFuture<Void> waiting;

  WriteBudget(long highWater) {
    this.highWater = highWater;
    this.lowWater = highWater / 2;
  }

  /** Content handed to the I/O thread. */
  void queued(long bytes) {
    queued.addAndGet(bytes);
  }

  /** Completed while under the high-water mark, else completes once back under the low one. */
  CompletableFuture<Void> writable() {
    if (queued.get() <= highWater) {
      return WRITABLE;
    }
    synchronized (this) {
      if (queued.get() <= highWater) {
        return WRITABLE;
      }
      if (waiting == null) {
        waiting = new CompletableFuture<>();
      }
      return waiting;
    }
  }

  /**
   * Content the I/O thread wrote (or dropped). Returns the future to complete when this brought the
   * queue under the low-water mark and writers were waiting, else null.
   */
  CompletableFuture<Void> written(long bytes) {
    if (queued.addAndGet(-bytes) > lowWater) {
      return null;
    }
    synchronized (this) {
      CompletableFuture<Void> ready = waiting;
      waiting = null;
      return ready;
    }
  }

  /** Content waiting for the I/O thread now. */
  long queuedBytes() {
    return queued.get();
  }
}
