package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

  /** Chunks and segments of a message that has begun but is not committed. */
  private static final class InFlight {
    final List<ChunkRef> chunks = new ArrayList<>();
    final Set<Long> segments = new HashSet<>();
  }

  private final Path dir;
  private final FileSpoolOptions options;
  private final BlockingQueue<SpoolOp> queue;
  private final Map<Long, Segment> segments;
  private final SpoolIndex index;
  private final Executor acks;
  private final WriteBudget budget;
  private final SpoolForcer forcer;
  private final Thread forcerThread;
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
  private final Set<Segment> unsynced = new LinkedHashSet<>();
  private final Set<Segment> journalsTouched = new LinkedHashSet<>();
  private final List<StoredMessage> committed = new ArrayList<>();
  private final List<StoredMessage> completed = new ArrayList<>();
  private final List<PendingAck> pendingAcks = new ArrayList<>();
  private int commitsSinceRequest;
  private long lastRequestNanos = System.nanoTime();
  private Segment active;
  private volatile SpoolException failure;

  GroupCommitter(
      Path dir,
      FileSpoolOptions options,
      BlockingQueue<SpoolOp> queue,
      Map<Long, Segment> segments,
      Segment active,
      SpoolIndex index,
      SpoolObserver observer,
      Executor acks,
      WriteBudget budget) {
    this.dir = dir;
    this.options = options;
    this.queue = queue;
    this.segments = segments;
    this.active = active;
    this.index = index;
    this.acks = acks;
    this.budget = budget;
    this.forcer = new SpoolForcer(index, observer, acks, queue::add, this::fsyncFailed);
    this.forcerThread = new Thread(forcer, "spool-fsync-" + dir.getFileName());
    forcerThread.setDaemon(true);
    forcerThread.start();
  }

  /** The I/O error that stopped the spool, or null while it works. */
  SpoolException failure() {
    return failure;
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

  /** Applies one batch; returns false once a shutdown was processed. */
  private boolean processBatch(List<SpoolOp> batch) {
    boolean shutdown = batch.stream().anyMatch(SpoolOp.Shutdown.class::isInstance);
    try {
      if (failure != null) {
        refuseAll(batch);
      } else {
        apply(batch);
        flush();
        boolean fsync = options.durability() == Durability.FSYNC;
        if (!fsync) {
          acknowledgeWritten();
        }
        if ((fsync && (!pendingAcks.isEmpty() || syncAhead())) || shutdown || syncOverdue()) {
          requestSync();
        }
        rollIfFull();
      }
      if (shutdown) {
        stopForcer();
        closeSegments();
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
    return !shutdown;
  }

  private void apply(List<SpoolOp> batch) throws IOException {
    for (SpoolOp op : batch) {
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
      }
    }
  }

  private void chunk(SpoolOp.Chunk c) throws IOException {
    int length = c.data().remaining();
    try {
      InFlight f = inFlight.computeIfAbsent(c.key(), k -> new InFlight());
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
    InFlight f = inFlight.remove(c.key());
    if (f == null) {
      f = new InFlight();
    }
    appendRecord(RecordType.COMMIT, c.key(), EnvelopeCodec.encode(c.info()));
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
    InFlight f = inFlight.remove(a.key());
    if (f != null) {
      release(f.segments);
    }
  }

  private void complete(SpoolOp.Complete c) throws IOException {
    StoredMessage m = index.remove(c.id());
    if (m == null) {
      c.future().completeExceptionally(new UnknownMessageException(c.id()));
      return;
    }
    Segment home = segments.get(m.home());
    ByteBuffer rec = ByteBuffer.allocate(RecordFormat.DONE_BYTES);
    RecordFormat.putDone(rec, m.key());
    home.appendDone(rec.flip());
    journalsTouched.add(home);
    completed.add(m);
    pendingAcks.add(PendingAck.ofCompletion(c.future()));
    LOG.debug("spool message {} completed", c.id());
  }

  /** The fsync thread made these requests durable: their completed messages free segments. */
  private void synced(SpoolOp.Synced s) throws IOException {
    for (SyncRequest r : s.requests()) {
      r.segments().forEach(seg -> seg.pendingSyncs--);
      r.journals().forEach(seg -> seg.pendingSyncs--);
      r.completed().forEach(m -> release(m.segments()));
    }
    reclaim();
  }

  /** Appends a record through the write buffer; returns the segment offset where it starts. */
  private long appendRecord(RecordType type, long key, ByteBuffer payload) throws IOException {
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
      active.append(writeBuffer.flip());
      writeBuffer.clear();
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
    if (active.size < options.segmentBytes()) {
      return;
    }
    Segment next = Segment.create(dir, active.number + 1);
    segments.put(next.number, next);
    Segment old = active;
    active = next;
    LOG.debug(
        "spool segment {} full at {} bytes; now appending to {}",
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

  /** Called on the fsync thread, which fails its own futures; the writer refuses from now on. */
  private void fsyncFailed(Exception e) {
    failure = new SpoolException("spool fsync failed in " + dir + ": " + e.getMessage(), e);
    LOG.error("spool fsync failed in {}; the spool stops accepting messages", dir, e);
  }

  /** Stops the spool: what was promised and not yet durable fails. */
  private void fail(Exception e) {
    if (failure == null) {
      failure = new SpoolException("spool I/O failed in " + dir + ": " + e.getMessage(), e);
      LOG.error("spool I/O failed in {}; the spool stops accepting messages", dir, e);
    }
    committed.clear();
    pendingAcks.forEach(a -> a.fail(failure));
    pendingAcks.clear();
  }

  /** After shutdown, fails anything still queued (nothing should be: close() stops submits). */
  private void failRemaining() {
    List<SpoolOp> left = new ArrayList<>();
    queue.drainTo(left);
    if (failure == null) {
      failure = new SpoolException("spool in " + dir + " is closed");
    }
    refuseAll(left);
  }

  /** Fails the futures of operations the stopped spool cannot carry out. */
  private void refuseAll(List<SpoolOp> ops) {
    for (SpoolOp op : ops) {
      if (op instanceof SpoolOp.Chunk c) {
        CompletableFuture<Void> resume = budget.written(c.data().remaining());
        if (resume != null) {
          resume.complete(null);
        }
      } else if (op instanceof SpoolOp.Commit c) {
        c.future().completeExceptionally(failure);
      } else if (op instanceof SpoolOp.Complete c) {
        c.future().completeExceptionally(failure);
      }
    }
  }
}
