package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's writer thread: it takes every queued operation at once and appends their records to
 * the active segment through one buffer; then it hands the batch's commits to the {@link
 * SpoolForcer}, which forces once for all of them (group commit, ADR 0003) while this thread goes
 * on appending the next batch.
 *
 * <p>Threads: {@link #run} is the writer thread, the only one that touches segment state, the
 * {@link SegmentLog}, the {@link CommitGroup}, the {@link KeptCompletions}, the {@link
 * MessagesInFlight} and the {@link WriteRecovery}, so nothing here is locked. The forcer runs on
 * its own thread ({@code spool-fsync-DIR}, started and joined here) and speaks back only through
 * the queue ({@link SpoolOp.Synced}, {@link SpoolOp.SyncFailed}) and {@link WriteFailures}. Futures
 * of written work, and the write budget's resumes, are answered on the {@code acks} executor;
 * futures refused, unknown or lost are failed here, on the writer thread.
 */
final class GroupCommitter implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final int MAX_BATCH_OPS = 8192;

  private final Path dir;
  private final FileSpoolOptions options;
  private final BlockingQueue<SpoolOp> queue;
  private final SpoolIndex index;
  private final Executor acks;
  private final WriteBudget budget;
  private final SpoolForcer forcer;
  private final Thread forcerThread;
  private final SegmentLog log;
  private final CommitGroup group;
  private final KeptCompletions kept;
  private final MessagesInFlight inFlight;
  private final WriteRecovery recovery;

  GroupCommitter(
      Path dir,
      FileSpoolOptions options,
      BlockingQueue<SpoolOp> queue,
      Map<Long, Segment> segments,
      Segment active,
      SpoolIndex index,
      SpoolObserver observer,
      Executor acks,
      WriteBudget budget,
      SpoolFiles files,
      WriteFailures failures) {
    this.dir = dir;
    this.options = options;
    this.queue = queue;
    this.index = index;
    this.acks = acks;
    this.budget = budget;
    this.log = new SegmentLog(dir, options.segmentBytes(), files, segments, active);
    this.group = new CommitGroup(index, acks, log::release);
    this.kept = new KeptCompletions(dir);
    this.inFlight = new MessagesInFlight(log::release);
    this.forcer = new SpoolForcer(index, observer, acks, queue::add, failures);
    this.recovery =
        new WriteRecovery(
            dir,
            failures,
            new WriteProbe(dir, files),
            log,
            group,
            kept,
            inFlight,
            index,
            budget,
            forcer);
    this.forcerThread = new Thread(forcer, "spool-fsync-" + dir.getFileName());
    forcerThread.setDaemon(true);
    forcerThread.start();
  }

  @Override
  public void run() {
    List<SpoolOp> batch = new ArrayList<>();
    boolean running = true;
    while (running) {
      try {
        SpoolOp first = queue.poll(options.batchInterval().toNanos(), TimeUnit.NANOSECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH_OPS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.error("spool writer thread interrupted; shutting the spool down");
        batch.add(new SpoolOp.Shutdown());
      }
      running = processBatch(batch);
      batch.clear();
    }
    recovery.failRemaining(queue);
  }

  /**
   * Applies one batch; returns false once a shutdown was processed. A write error fails what it
   * touched and everything after it in the batch; the next batch writes again (the disk may have
   * room by then), so no error stops the spool for good.
   */
  private boolean processBatch(List<SpoolOp> batch) {
    boolean shutdown = batch.stream().anyMatch(SpoolOp.Shutdown.class::isInstance);
    int applied = 0;
    if (batch.isEmpty() && kept.isEmpty()) {
      recovery.probeIfFailing();
    }
    try {
      for (SpoolOp op : batch) {
        apply(op);
        applied++;
      }
      writeCompletions(shutdown);
      log.flush();
      boolean fsync = options.durability() == Durability.FSYNC;
      if (!fsync) {
        group.acknowledgeWritten();
      }
      if ((fsync && (group.awaitsAcks() || syncAhead())) || shutdown || syncOverdue()) {
        requestSync();
      }
      log.rollIfFull();
    } catch (IOException | RuntimeException e) {
      recovery.writeFailed(e, batch, applied);
    }
    if (shutdown) {
      stop();
    }
    return !shutdown;
  }

  private void apply(SpoolOp op) throws IOException {
    if (op instanceof SpoolOp.Chunk c) {
      chunk(c);
    } else if (op instanceof SpoolOp.Commit c) {
      commit(c);
    } else if (op instanceof SpoolOp.Abort a) {
      inFlight.abort(a.key());
    } else if (op instanceof SpoolOp.Complete c) {
      complete(c);
    } else if (op instanceof SpoolOp.Synced s) {
      log.synced(s.requests());
    } else if (op instanceof SpoolOp.SyncFailed f) {
      recovery.syncFailed(f);
    }
  }

  private void chunk(SpoolOp.Chunk c) throws IOException {
    int length = c.data().remaining();
    try {
      if (inFlight.isLost(c.key())) {
        return;
      }
      MessagesInFlight.Message f = inFlight.get(c.key());
      long offset = log.append(RecordType.CHUNK, c.key(), c.data());
      f.chunks.add(new ChunkRef(log.activeNumber(), offset, length));
      log.holdActive(f.segments);
    } finally {
      CompletableFuture<Void> resume = budget.written(length);
      if (resume != null) {
        acks.execute(() -> resume.complete(null));
      }
    }
  }

  private void commit(SpoolOp.Commit c) throws IOException {
    SpoolException lost = inFlight.takeLost(c.key());
    if (lost != null) {
      c.future().completeExceptionally(lost);
      return;
    }
    MessagesInFlight.Message f = inFlight.get(c.key());
    log.append(RecordType.COMMIT, c.key(), EnvelopeCodec.encode(c.info()));
    inFlight.committed(c.key());
    log.holdActive(f.segments);
    group.committed(
        new StoredMessage(c.info().message(), c.key(), log.activeNumber(), f.chunks, f.segments),
        PendingAck.ofCommit(c.future(), c.info().id()));
  }

  /** The message leaves the index now; its completion record is written with the batch. */
  private void complete(SpoolOp.Complete c) {
    StoredMessage m = index.remove(c.id());
    if (m == null) {
      c.future().completeExceptionally(new UnknownMessageException(c.id()));
      return;
    }
    kept.keep(new Completion(m, c.future()));
    LOG.debug("spool message {} completed", c.id());
  }

  /**
   * Appends the completion records owed, oldest first; one that fails stays owed. While writes
   * fail, they are tried again at most once a second, and always at shutdown.
   */
  private void writeCompletions(boolean shutdown) throws IOException {
    if (kept.isEmpty() || !recovery.mayRetry(shutdown)) {
      return;
    }
    kept.writeAll(log, group);
  }

  /**
   * FSYNC mode, content written and the fsync thread idle: sync it now, so the fsync that a commit
   * waits for has little left to write.
   */
  private boolean syncAhead() {
    return log.hasUnsyncedSegments() && forcer.isIdle();
  }

  private boolean syncOverdue() {
    return log.hasUnsyncedWrites() && group.requestedBefore(options.batchInterval());
  }

  /** Hands everything written since the last request to the fsync thread. */
  private void requestSync() {
    forcer.submit(group.toRequest(log.takeUnsynced(), log.takeJournalsTouched()));
  }

  /** Syncs what was written, stops the fsync thread, fails what is still owed. */
  private void stop() {
    try {
      stopForcer();
      log.closeAll();
    } catch (IOException | RuntimeException e) {
      LOG.error("spool in {} did not close cleanly", dir, e);
    }
    recovery.stopped();
  }

  private void stopForcer() {
    forcer.stopAfterPending();
    try {
      forcerThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpoolException("interrupted while waiting for the last spool fsync in " + dir, e);
    }
  }
}
