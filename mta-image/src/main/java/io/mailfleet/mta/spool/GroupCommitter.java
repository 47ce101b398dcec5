package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's writer thread. It takes every queued operation at once and appends their records to
 * the active segment through one buffer; then it hands the batch's commits to the {@link
 * SpoolForcer}, which forces once for all of them (group commit) while this thread goes on
 * appending the next batch. It alone touches segment state, so nothing here is locked.
 */
final class GroupCommitter implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final int WRITE_BUFFER_BYTES = 1 << 20;
  private static final int MAX_BATCH_OPS = 8192;

  /**
   * While writes fail, kept completions (or, with none, a probe write) try the disk this often; new
   * commits try it at once.
   */
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path dir;
  private final SpoolFiles files;
  private final WriteProbe probe;
  private final FileSpoolOptions options;
  private final BlockingQueue<SpoolOp> queue;
  private final Map<Long, Segment> segments;
  private final SpoolIndex index;
  private final Executor acks;
  private final WriteBudget budget;
  private final SpoolForcer forcer;
  private final Thread forcerThread;
  private final MessagesInFlight inFlight = new MessagesInFlight(this::release);
  private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
  private final Set<Segment> unsynced = new LinkedHashSet<>();
  private final Set<Segment> journalsTouched = new LinkedHashSet<>();
  private final List<StoredMessage> committed = new ArrayList<>();
  private final List<Completion> completed = new ArrayList<>();
  private final Deque<Completion> unwritten = new ArrayDeque<>();
  private final WriteFailures failures;
  private final List<PendingAck> pendingAcks = new ArrayList<>();
  private int commitsSinceRequest;
  private long lastRequestNanos = System.nanoTime();
  private Segment active;
  private long retryAtNanos;
  private boolean stopped;

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
    this.files = files;
    this.probe = new WriteProbe(dir, files);
    this.options = options;
    this.queue = queue;
    this.segments = segments;
    this.active = active;
    this.index = index;
    this.acks = acks;
    this.budget = budget;
    this.failures = failures;
    this.forcer = new SpoolForcer(index, observer, acks, queue::add, failures);
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
    failRemaining();
  }

  /**
   * Applies one batch; returns false once a shutdown was processed. A write error fails what it
   * touched and everything after it in the batch; the next batch writes again (the disk may have
   * room by then), so no error stops the spool for good.
   */
  private boolean processBatch(List<SpoolOp> batch) {
    boolean shutdown = batch.stream().anyMatch(SpoolOp.Shutdown.class::isInstance);
    int applied = 0;
    if (batch.isEmpty() && unwritten.isEmpty()) {
      probeIfFailing();
    }
    try {
      for (SpoolOp op : batch) {
        apply(op);
        applied++;
      }
      writeCompletions(shutdown);
      flush();
      boolean fsync = options.durability() == Durability.FSYNC;
      if (!fsync) {
        acknowledgeWritten();
      }
      if ((fsync && (!pendingAcks.isEmpty() || syncAhead())) || shutdown || syncOverdue()) {
        requestSync();
      }
      rollIfFull();
    } catch (IOException | RuntimeException e) {
      writeFailed(e, batch, applied);
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
      abort(a);
    } else if (op instanceof SpoolOp.Complete c) {
      complete(c);
    } else if (op instanceof SpoolOp.Synced s) {
      synced(s);
    } else if (op instanceof SpoolOp.SyncFailed f) {
      syncFailed(f);
    }
  }

  private void chunk(SpoolOp.Chunk c) throws IOException {
    int length = c.data().remaining();
    try {
      if (inFlight.isLost(c.key())) {
        return;
      }
      MessagesInFlight.Message f = inFlight.get(c.key());
      long offset = appendRecord(RecordType.CHUNK, c.key(), c.data());
      f.chunks.add(new ChunkRef(active.number, offset, length));
      hold(f.segments, active);
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
    appendRecord(RecordType.COMMIT, c.key(), EnvelopeCodec.encode(c.info()));
    inFlight.committed(c.key());
    hold(f.segments, active);
    committed.add(
        new StoredMessage(
            new SpooledMessage(c.info().id(), c.info().envelope(), c.info().size()),
            c.key(),
            active.number,
            f.chunks,
            f.segments));
    commitsSinceRequest++;
    pendingAcks.add(PendingAck.ofCommit(c.future(), c.info().id()));
  }

  private void abort(SpoolOp.Abort a) {
    inFlight.abort(a.key());
  }

  /** The message leaves the index now; its completion record is written with the batch. */
  private void complete(SpoolOp.Complete c) {
    StoredMessage m = index.remove(c.id());
    if (m == null) {
      c.future().completeExceptionally(new UnknownMessageException(c.id()));
      return;
    }
    unwritten.add(new Completion(m, c.future()));
    LOG.debug("spool message {} completed", c.id());
  }

  /**
   * Appends the completion records owed, oldest first; one that fails stays owed. While writes
   * fail, they are tried again at most once a second, and always at shutdown.
   */
  private void writeCompletions(boolean shutdown) throws IOException {
    if (unwritten.isEmpty()
        || (failures.failing() && !shutdown && System.nanoTime() < retryAtNanos)) {
      return;
    }
    retryAtNanos = System.nanoTime() + RETRY_NANOS;
    while (!unwritten.isEmpty()) {
      Completion c = unwritten.peek();
      Segment home = segments.get(c.message().home());
      ByteBuffer rec = ByteBuffer.allocate(RecordFormat.DONE_BYTES);
      RecordFormat.putDone(rec, c.message().key());
      home.appendDone(rec.flip());
      unwritten.remove();
      journalsTouched.add(home);
      completed.add(c);
      pendingAcks.add(PendingAck.ofCompletion(c.future()));
    }
  }

  /**
   * While writes fail and no work tries the disk, probes the volume once a second: when a probe
   * succeeds the spool reports itself writable again, so readiness (which keeps traffic away
   * meanwhile) comes back by itself once space returns.
   */
  private void probeIfFailing() {
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

  /** The fsync thread made these requests durable: their completed messages free segments. */
  private void synced(SpoolOp.Synced s) throws IOException {
    for (SyncRequest r : s.requests()) {
      r.segments().forEach(seg -> seg.pendingSyncs--);
      r.journals().forEach(seg -> seg.pendingSyncs--);
      r.completed().forEach(c -> release(c.message().segments()));
    }
    reclaim();
  }

  /**
   * The fsync thread could not make these requests durable: their commits were failed (their
   * segments are released), their completions are owed again. After the failed force itself, the
   * messages in flight are dropped and appends move to a fresh segment, since the failed force may
   * have lost pages that a later fsync would not report.
   */
  private void syncFailed(SpoolOp.SyncFailed f) throws IOException {
    List<Completion> again = new ArrayList<>();
    for (SyncRequest r : f.requests()) {
      r.segments().forEach(seg -> seg.pendingSyncs--);
      r.journals().forEach(seg -> seg.pendingSyncs--);
      r.committed().forEach(m -> release(m.segments()));
      again.addAll(r.completed());
    }
    for (int i = again.size() - 1; i >= 0; i--) {
      unwritten.addFirst(again.get(i));
    }
    if (f.forceFailed()) {
      SpoolException cause =
          new SpoolException("spool fsync failed in " + dir + "; message not stored");
      flush();
      failUnacknowledgedCommits(cause);
      inFlight.loseAll(cause);
      active.abandoned = true;
      forcer.resume();
    }
  }

  /** Appends a record through the write buffer; returns the segment offset where it starts. */
  private long appendRecord(RecordType type, long key, ByteBuffer payload) throws IOException {
    if (active.abandoned) {
      roll();
    }
    int bytes = RecordFormat.recordBytes(payload.remaining());
    if (writeBuffer.remaining() < bytes) {
      flush();
    }
    long offset = active.size + writeBuffer.position();
    if (bytes > writeBuffer.capacity()) {
      ByteBuffer big = ByteBuffer.allocate(bytes);
      RecordFormat.putRecord(big, type, key, payload);
      active.append(big.flip());
    } else {
      RecordFormat.putRecord(writeBuffer, type, key, payload);
    }
    unsynced.add(active);
    return offset;
  }

  private void flush() throws IOException {
    if (writeBuffer.position() > 0) {
      try {
        active.append(writeBuffer.flip());
      } finally {
        writeBuffer.clear();
      }
    }
  }

  /** BATCHED mode: commits count once written; the fsync follows within the batch interval. */
  private void acknowledgeWritten() {
    committed.forEach(index::add);
    committed.clear();
    List<PendingAck> ready = List.copyOf(pendingAcks);
    pendingAcks.clear();
    if (!ready.isEmpty()) {
      acks.execute(() -> ready.forEach(PendingAck::succeed));
    }
  }

  /**
   * FSYNC mode, content written and the fsync thread idle: sync it now, so the fsync that a commit
   * waits for has little left to write.
   */
  private boolean syncAhead() {
    return !unsynced.isEmpty() && forcer.isIdle();
  }

  private boolean syncOverdue() {
    return (!unsynced.isEmpty() || !journalsTouched.isEmpty())
        && System.nanoTime() - lastRequestNanos >= options.batchInterval().toNanos();
  }

  /** Hands everything written since the last request to the fsync thread. */
  private void requestSync() {
    SyncRequest request =
        new SyncRequest(
            new ArrayList<>(unsynced),
            new ArrayList<>(journalsTouched),
            committed,
            completed,
            pendingAcks,
            commitsSinceRequest);
    request.segments().forEach(s -> s.pendingSyncs++);
    request.journals().forEach(s -> s.pendingSyncs++);
    unsynced.clear();
    journalsTouched.clear();
    committed.clear();
    completed.clear();
    pendingAcks.clear();
    commitsSinceRequest = 0;
    lastRequestNanos = System.nanoTime();
    forcer.submit(request);
  }

  /** Starts a new segment once the active one is full; the old one is forced with the next sync. */
  private void rollIfFull() throws IOException {
    if (active.size >= options.segmentBytes()) {
      roll();
    }
  }

  /** Starts the next segment; the old one is forced with the next sync. */
  private void roll() throws IOException {
    flush();
    Segment next = Segment.create(dir, active.number + 1, files);
    segments.put(next.number, next);
    Segment old = active;
    active = next;
    LOG.debug(
        "spool segment {} closed for appends at {} bytes; now appending to {}",
        old.number,
        old.size,
        next.number);
    reclaim();
  }

  private void hold(Set<Long> held, Segment s) {
    if (held.add(s.number)) {
      s.refs++;
    }
  }

  private void release(Set<Long> held) {
    for (long n : held) {
      Segment s = segments.get(n);
      if (s != null) {
        s.refs--;
      }
    }
  }

  /** Deletes full segments no message needs and no fsync is pending on. */
  private void reclaim() throws IOException {
    List<Segment> free = new ArrayList<>();
    for (Segment s : segments.values()) {
      if (s != active
          && s.refs <= 0
          && s.pendingSyncs == 0
          && !unsynced.contains(s)
          && !journalsTouched.contains(s)) {
        free.add(s);
      }
    }
    for (Segment s : free) {
      segments.remove(s.number);
      s.delete();
      LOG.debug("spool segment {} reclaimed", s.number);
    }
  }

  /** Syncs what was written, stops the fsync thread, fails what is still owed. */
  private void stop() {
    try {
      stopForcer();
      closeSegments();
    } catch (IOException | RuntimeException e) {
      LOG.error("spool in {} did not close cleanly", dir, e);
    }
    stopped = true;
    failOwed();
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

  private void closeSegments() throws IOException {
    for (Segment s : segments.values()) {
      s.close();
    }
  }

  /**
   * A write failed on the op at {@code failedAt} (or after the last op, when the batch was
   * flushed). What it touched fails, so does every later op of the batch, and every message in
   * flight, whose content may be in the lost part of the buffer; completions stay owed.
   */
  private void writeFailed(Exception e, List<SpoolOp> batch, int failedAt) {
    failures.failed(e);
    // What the buffer still holds belongs to the commits and messages failed below.
    writeBuffer.clear();
    SpoolException cause =
        new SpoolException("spool write failed in " + dir + ": " + e.getMessage(), e);
    failUnacknowledgedCommits(cause);
    pendingAcks.clear();
    for (Completion c : completed) {
      unwritten.addFirst(c);
    }
    completed.clear();
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

  /** Commits written since the last sync request will not be made durable: fail them. */
  private void failUnacknowledgedCommits(SpoolException cause) {
    committed.forEach(m -> release(m.segments()));
    committed.clear();
    commitsSinceRequest = 0;
    List<PendingAck> failed = new ArrayList<>();
    pendingAcks.removeIf(
        a -> {
          if (a.isCommit()) {
            failed.add(a);
            return true;
          }
          return false;
        });
    if (!failed.isEmpty()) {
      acks.execute(() -> failed.forEach(a -> a.fail(cause)));
    }
  }

  /** After shutdown, fails anything still queued or owed (close() stops new submits). */
  private void failRemaining() {
    List<SpoolOp> left = new ArrayList<>();
    queue.drainTo(left);
    SpoolException closed = new SpoolException("spool in " + dir + " is closed");
    refuse(left, closed);
    failOwed();
  }

  private void failOwed() {
    SpoolException closed = new SpoolException("spool in " + dir + " is closed");
    if (!unwritten.isEmpty()) {
      LOG.warn(
          "spool in {} closed with {} completions not written; those messages are delivered"
              + " again after restart",
          dir,
          unwritten.size());
    }
    unwritten.forEach(c -> c.future().completeExceptionally(closed));
    unwritten.clear();
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
        inFlight.takeLost(c.key());
        inFlight.abort(c.key());
        c.future().completeExceptionally(cause);
      } else if (op instanceof SpoolOp.Abort a) {
        abort(a);
      } else if (op instanceof SpoolOp.Complete c) {
        StoredMessage m = index.remove(c.id());
        if (m == null) {
          c.future().completeExceptionally(new UnknownMessageException(c.id()));
        } else if (stopped) {
          c.future().completeExceptionally(cause);
        } else {
          unwritten.add(new Completion(m, c.future()));
        }
      } else if (op instanceof SpoolOp.Synced s && !stopped) {
        try {
          synced(s);
        } catch (IOException | RuntimeException e) {
          LOG.warn("spool in {}: segments not reclaimed: {}", dir, e.toString());
        }
      } else if (op instanceof SpoolOp.SyncFailed f) {
        refuseSyncFailed(f, cause);
      }
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
