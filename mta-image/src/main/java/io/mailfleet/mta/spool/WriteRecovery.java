package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the writer thread answers failed writes and fsyncs and comes back from them (ADR 0014):
 * failing what a failure touched, keeping completions, retrying and probing the disk while writes
 * fail, refusing what a stopped spool cannot do. Touched by the writer thread only.
 */
final class WriteRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(WriteRecovery.class);

  /**
   * While writes fail, kept completions (or, with none, a probe write) try the disk this often; new
   * commits try it at once.
   */
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path dir;
  private final WriteFailures failures;
  private final WriteProbe probe;
  private final SegmentLog log;
  private final CommitGroup group;
  private final KeptCompletions kept;
  private final MessagesInFlight inFlight;
  private final SpoolIndex index;
  private final WriteBudget budget;
  private final SpoolForcer forcer;
  private long retryAtNanos;
  private boolean stopped;

  WriteRecovery(
      Path dir,
      WriteFailures failures,
      WriteProbe probe,
      SegmentLog log,
      CommitGroup group,
      KeptCompletions kept,
      MessagesInFlight inFlight,
      SpoolIndex index,
      WriteBudget budget,
      SpoolForcer forcer) {
    this.dir = dir;
    this.failures = failures;
    this.probe = probe;
    this.log = log;
    this.group = group;
    this.kept = kept;
    this.inFlight = inFlight;
    this.index = index;
    this.budget = budget;
    this.forcer = forcer;
  }

  /**
   * Whether kept completions may try the disk now: always while writes succeed and at shutdown;
   * while they fail, at most once a second.
   */
  boolean mayRetry(boolean shutdown) {
    if (failures.failing() && !shutdown && System.nanoTime() < retryAtNanos) {
      return false;
    }
    retryAtNanos = System.nanoTime() + RETRY_NANOS;
    return true;
  }

  /**
   * While writes fail and no work tries the disk, probes the volume once a second: when a probe
   * succeeds the spool reports itself writable again, so readiness (which keeps traffic away
   * meanwhile) comes back by itself once space returns.
   */
  void probeIfFailing() {
    if (!failures.failing() || System.nanoTime() < retryAtNanos) {
      return;
    }
    retryAtNanos = System.nanoTime() + RETRY_NANOS;
    try {
      probe.write();
      failures.succeeded();
    } catch (IOException e) {
      LOG.debug("spool write probe in {} failed: {}", dir, e.toString());
    }
  }

  /**
   * A write failed on the op at {@code failedAt} (or after the last op, when the batch was
   * flushed). What it touched fails, so does every later op of the batch, and every message in
   * flight, whose content may be in the lost part of the buffer; completions stay owed.
   */
  void writeFailed(Exception e, List<SpoolOp> batch, int failedAt) {
    failures.failed(e);
    // What the buffer still holds belongs to the commits and messages failed below.
    log.discardBuffer();
    SpoolException cause =
        new SpoolException("spool write failed in " + dir + ": " + e.getMessage(), e);
    group.failCommits(cause);
    for (Completion c : group.takeCompletions()) {
      kept.keepFirst(c);
    }
    inFlight.loseAll(cause);
    if (failedAt < batch.size()) {
      SpoolOp failing = batch.get(failedAt);
      if (failing instanceof SpoolOp.Commit c) {
        inFlight.takeLost(c.key());
        c.future().completeExceptionally(cause);
      }
      refuse(batch.subList(failedAt + 1, batch.size()), cause);
    }
  }

  /**
   * The fsync thread could not make these requests durable: their commits were failed (their
   * segments are released), their completions are owed again. After the failed force itself, the
   * messages in flight are dropped and appends move to a fresh segment, since the failed force may
   * have lost pages that a later fsync would not report.
   */
  void syncFailed(SpoolOp.SyncFailed f) throws IOException {
    List<Completion> again = new ArrayList<>();
    for (SyncRequest r : f.requests()) {
      log.syncFinished(r);
      r.committed().forEach(m -> log.release(m.segments()));
      again.addAll(r.completed());
    }
    for (int i = again.size() - 1; i >= 0; i--) {
      kept.keepFirst(again.get(i));
    }
    if (f.forceFailed()) {
      SpoolException cause =
          new SpoolException("spool fsync failed in " + dir + "; message not stored");
      log.flush();
      group.failCommits(cause);
      inFlight.loseAll(cause);
      log.abandonActive();
      forcer.resume();
    }
  }

  /** The spool stopped: what is still owed fails, and so does every completion refused later. */
  void stopped() {
    stopped = true;
    kept.failAll();
  }

  /** After shutdown, fails anything still queued or owed (close() stops new submits). */
  void failRemaining(BlockingQueue<SpoolOp> queue) {
    List<SpoolOp> left = new ArrayList<>();
    queue.drainTo(left);
    SpoolException closed = new SpoolException("spool in " + dir + " is closed");
    refuse(left, closed);
    kept.failAll();
  }

  /**
   * Answers operations the spool did not carry out: commits fail, chunks give back their budget,
   * completions stay owed (or fail once the spool is stopped).
   */
  private void refuse(List<SpoolOp> ops, SpoolException cause) {
    for (SpoolOp op : ops) {
      if (op instanceof SpoolOp.Chunk c) {
        inFlight.markLost(c.key(), cause);
        CompletableFuture<Void> resume = budget.written(c.data().remaining());
        if (resume != null) {
          resume.complete(null);
        }
      } else if (op instanceof SpoolOp.Commit c) {
        inFlight.abort(c.key());
        c.future().completeExceptionally(cause);
      } else if (op instanceof SpoolOp.Abort a) {
        inFlight.abort(a.key());
      } else if (op instanceof SpoolOp.Complete c) {
        refuseCompletion(c, cause);
      } else if (op instanceof SpoolOp.Synced s && !stopped) {
        try {
          log.synced(s.requests());
        } catch (IOException | RuntimeException e) {
          LOG.warn("spool in {}: segments not reclaimed: {}", dir, e.toString());
        }
      } else if (op instanceof SpoolOp.SyncFailed f) {
        refuseSyncFailed(f, cause);
      }
    }
  }

  private void refuseCompletion(SpoolOp.Complete c, SpoolException cause) {
    StoredMessage m = index.remove(c.id());
    if (m == null) {
      c.future().completeExceptionally(new UnknownMessageException(c.id()));
    } else if (stopped) {
      c.future().completeExceptionally(cause);
    } else {
      kept.keep(new Completion(m, c.future()));
    }
  }

  private void refuseSyncFailed(SpoolOp.SyncFailed f, SpoolException cause) {
    if (stopped) {
      f.requests()
          .forEach(r -> r.completed().forEach(c -> c.future().completeExceptionally(cause)));
      return;
    }
    try {
      syncFailed(f);
    } catch (IOException | RuntimeException e) {
      LOG.warn("spool in {}: failed fsync not handled: {}", dir, e.toString());
    }
  }
}
