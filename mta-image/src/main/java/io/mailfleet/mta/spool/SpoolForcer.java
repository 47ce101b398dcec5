package io.mailfleet.mta.spool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The spool's fsync thread. It takes every pending {@link SyncRequest} at once, forces each file
 * they name once (group commit), publishes the commits, completes their futures on the ack
 * executor, and tells the writer thread which requests are done so it can release segments. The
 * writer keeps appending while a force runs, so writing and syncing overlap.
 *
 * <p>When a force fails, pages it did not write may be gone while a later fsync reports success, so
 * every request queued behind the failure is refused too, until the writer has moved to a fresh
 * segment and dropped the messages in flight ({@link #resume()}).
 */
final class SpoolForcer implements Runnable {

  private static final Object STOP = new Object();
  private static final Object RESUME = new Object();

  private final BlockingQueue<Object> requests = new LinkedBlockingQueue<>();
  private final SpoolIndex index;
  private final SpoolObserver observer;
  private final Executor acks;
  private final Consumer<SpoolOp> writer;
  private final WriteFailures failures;
  private boolean refusing;
  private volatile boolean forcing;

  SpoolForcer(
      SpoolIndex index,
      SpoolObserver observer,
      Executor acks,
      Consumer<SpoolOp> writer,
      WriteFailures failures) {
    this.index = index;
    this.observer = observer;
    this.acks = acks;
    this.writer = writer;
    this.failures = failures;
  }

  void submit(SyncRequest request) {
    requests.add(request);
  }

  /** The writer left the failed segment: requests from here on are forced again. */
  void resume() {
    requests.add(RESUME);
  }

  /** True while no force runs and none is queued: a good moment to sync ahead of commits. */
  boolean isIdle() {
    return !forcing && requests.isEmpty();
  }

  /** Processes what is queued, then ends the thread. */
  void stopAfterPending() {
    requests.add(STOP);
  }

  @Override
  public void run() {
    List<Object> taken = new ArrayList<>();
    boolean running = true;
    while (running) {
      try {
        taken.add(requests.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        taken.add(STOP);
      }
      requests.drainTo(taken);
      List<SyncRequest> batch = new ArrayList<>();
      for (Object o : taken) {
        if (o == STOP) {
          running = false;
        } else if (o == RESUME) {
          sync(batch);
          batch = new ArrayList<>();
          refusing = false;
        } else {
          batch.add((SyncRequest) o);
        }
      }
      taken.clear();
      sync(batch);
    }
  }

  private void sync(List<SyncRequest> batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (refusing) {
      refuse(batch, new SpoolException("spool fsync failed earlier; not yet written again"), false);
      return;
    }
    forcing = true;
    try {
      force(batch);
    } finally {
      forcing = false;
    }
  }

  private void force(List<SyncRequest> batch) {
    Set<Segment> logs = new LinkedHashSet<>();
    Set<Segment> journals = new LinkedHashSet<>();
    int commits = 0;
    for (SyncRequest r : batch) {
      logs.addAll(r.segments());
      journals.addAll(r.journals());
      commits += r.commits();
    }
    long start = System.nanoTime();
    try {
      for (Segment s : logs) {
        s.force();
      }
      for (Segment s : journals) {
        s.forceDone();
      }
    } catch (IOException | RuntimeException e) {
      failures.failed(e);
      refusing = true;
      refuse(batch, new SpoolException("spool fsync failed: " + e.getMessage(), e), true);
      return;
    }
    if (commits > 0 || !journals.isEmpty()) {
      observer.fsynced(Duration.ofNanos(System.nanoTime() - start), commits);
      failures.succeeded();
    }
    List<PendingAck> ready = new ArrayList<>();
    for (SyncRequest r : batch) {
      r.committed().forEach(index::add);
      ready.addAll(r.acks());
    }
    if (!ready.isEmpty()) {
      acks.execute(() -> ready.forEach(PendingAck::succeed));
    }
    writer.accept(new SpoolOp.Synced(batch));
  }

  /** Fails the commits; the writer keeps the completions and writes them again. */
  private void refuse(List<SyncRequest> batch, SpoolException cause, boolean forceFailed) {
    List<PendingAck> commits = new ArrayList<>();
    batch.forEach(r -> r.acks().stream().filter(PendingAck::isCommit).forEach(commits::add));
    if (!commits.isEmpty()) {
      acks.execute(() -> commits.forEach(a -> a.fail(cause)));
    }
    writer.accept(new SpoolOp.SyncFailed(batch, forceFailed));
  }
}
