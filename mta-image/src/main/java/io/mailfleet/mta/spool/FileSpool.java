package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool on a local file system: append-only segments appended by a writer thread, made durable
 * by an fsync thread with group commit, a completion journal per segment, recovery at open. See
 * docs/adr/0003-spool-format.md.
 */
public final class FileSpool implements Spool {

  private static final Logger LOG = LoggerFactory.getLogger(FileSpool.class);

  /**
   * Message keys are the opening time in milliseconds followed by a counter, so ids stay unique
   * across restarts even when every segment of the previous run was reclaimed.
   */
  private static final int KEY_COUNTER_BITS = 20;

  private final FileSpoolOptions options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final LinkedBlockingQueue<SpoolOp> queue = new LinkedBlockingQueue<>();
  private final Map<Long, Segment> segments;
  private final SpoolIndex index = new SpoolIndex();
  private final GroupCommitter committer;
  private final Thread ioThread;
  private final ExecutorService acks;
  private final AtomicLong nextKey;
  private final WriteBudget budget;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantReadWriteLock submitting = new ReentrantReadWriteLock();
  private final WriteFailures failures;
  private final FileStore store;

  private FileSpool(
      FileSpoolOptions options,
      SpoolObserver observer,
      FileChannel lockChannel,
      FileLock lock,
      SpoolRecovery.Recovered recovered,
      SpoolFiles files)
      throws IOException {
    this.options = options;
    this.budget = new WriteBudget(options.maxQueuedBytes());
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.store = Files.getFileStore(options.directory());
    this.failures = new WriteFailures(options.directory().toString(), observer);
    this.segments = new ConcurrentHashMap<>(recovered.segments());
    recovered.live().forEach(index::add);
    long lastSegment = recovered.segments().keySet().stream().mapToLong(n -> n).max().orElse(0);
    Segment active = Segment.create(options.directory(), lastSegment + 1, files);
    segments.put(active.number, active);
    long afterRecovered =
        recovered.maxKey() < 0 ? 0 : (recovered.maxKey() >>> KEY_COUNTER_BITS) + 1;
    long epoch = Math.max(Instant.now().toEpochMilli(), afterRecovered);
    this.nextKey = new AtomicLong(epoch << KEY_COUNTER_BITS);
    String name = options.directory().getFileName().toString();
    this.acks = Executors.newSingleThreadExecutor(r -> daemon(r, "spool-ack-" + name));
    this.committer =
        new GroupCommitter(
            options.directory(),
            options,
            queue,
            segments,
            active,
            index,
            observer,
            acks,
            budget,
            files,
            failures);
    this.ioThread = daemon(committer, "spool-writer-" + name);
    ioThread.start();
  }

  /**
   * Opens (creating if needed) the spool in {@code options.directory()}, recovering what it holds.
   *
   * @throws SpoolException when the directory is unusable or another process holds it
   */
  public static FileSpool open(FileSpoolOptions options, SpoolObserver observer) {
    return open(options, observer, SpoolFiles.DISK);
  }

  /** {@link #open(FileSpoolOptions, SpoolObserver)} writing through {@code files}. */
  static FileSpool open(FileSpoolOptions options, SpoolObserver observer, SpoolFiles files) {
    Path dir = options.directory();
    FileChannel lockChannel = null;
    try {
      Files.createDirectories(dir);
      lockChannel =
          FileChannel.open(
              dir.resolve("spool.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(lockChannel);
      if (lock == null) {
        throw new SpoolException("spool directory " + dir + " is in use by another process");
      }
      FileSpool spool =
          new FileSpool(
              options, observer, lockChannel, lock, SpoolRecovery.recover(dir, observer), files);
      LOG.info(
          "spool open in {} ({} durability, {} messages)",
          dir,
          options.durability(),
          spool.stats().messages());
      return spool;
    } catch (IOException e) {
      closeQuietly(lockChannel, e);
      throw new SpoolException("cannot open spool in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel, e);
      throw e;
    }
  }

  @Override
  public SpoolWriter begin(Envelope envelope) {
    long key = nextKey.getAndIncrement();
    return new FileSpoolWriter(
        this,
        key,
        new MessageId(String.format("%016X", key)),
        envelope,
        options.contentDigest().get());
  }

  @Override
  public List<SpooledMessage> recover() {
    return index.inOrder();
  }

  @Override
  public Optional<Instant> oldestReceivedAt() {
    return index.oldestReceivedAt();
  }

  @Override
  public InputStream open(MessageId id) {
    StoredMessage m = index.get(id);
    if (m == null) {
      throw new UnknownMessageException(id);
    }
    return new MessageContentStream(id, m.chunks(), m.intact(), segments::get);
  }

  @Override
  public CompletableFuture<Void> complete(MessageId id) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    submit(new SpoolOp.Complete(id, future));
    return future;
  }

  @Override
  public SpoolStats stats() {
    return index.stats();
  }

  /** True while the spool is {@link SpoolCondition#WRITABLE} (readiness turns false otherwise). */
  @Override
  public boolean isAvailable() {
    return condition() == SpoolCondition.WRITABLE;
  }

  /** Low space is checked first: it is what a full disk's failing writes come from. */
  @Override
  public SpoolCondition condition() {
    if (closed.get()) {
      return SpoolCondition.CLOSED;
    }
    if (freeBytes() < options.minFreeBytes()) {
      return SpoolCondition.LOW_ON_SPACE;
    }
    return failures.failing() ? SpoolCondition.WRITES_FAILING : SpoolCondition.WRITABLE;
  }

  @Override
  public boolean makesProgress() {
    return closed.get()
        || failures.failingFor().compareTo(options.stalledAfter()) <= 0
        || freeBytes() <= options.minFreeBytes();
  }

  /** Free space on the spool's volume for this process, in bytes; 0 when it cannot be read. */
  public long freeBytes() {
    try {
      return store.getUsableSpace();
    } catch (IOException e) {
      LOG.warn("cannot read the free space of {}: {}", options.directory(), e.toString());
      return 0;
    }
  }

  /** The durability this spool promises. */
  public Durability durability() {
    return options.durability();
  }

  /** See {@link SpoolWriter#writable()}. */
  CompletableFuture<Void> writable() {
    return budget.writable();
  }

  /** Content waiting in heap for the I/O thread, in bytes. */
  public long queuedBytes() {
    return budget.queuedBytes();
  }

  /** Queues a content chunk, counted against the write budget. */
  void submitChunk(SpoolOp.Chunk chunk) {
    budget.queued(chunk.data().remaining());
    submit(chunk);
  }

  /** Queues work for the I/O thread, or fails it at once when the spool cannot take it. */
  void submit(SpoolOp op) {
    submitting.readLock().lock();
    try {
      if (!closed.get()) {
        queue.add(op);
        return;
      }
    } finally {
      submitting.readLock().unlock();
    }
    SpoolException refusal = new SpoolException("spool in " + options.directory() + " is closed");
    if (op instanceof SpoolOp.Commit c) {
      c.future().completeExceptionally(refusal);
    } else if (op instanceof SpoolOp.Complete c) {
      c.future().completeExceptionally(refusal);
    }
  }

  /** Flushes and syncs what was queued, stops the I/O thread and releases the directory. */
  @Override
  public void close() {
    submitting.writeLock().lock();
    try {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      // Under the write lock: no operation can be queued behind the shutdown.
      queue.add(new SpoolOp.Shutdown());
    } finally {
      submitting.writeLock().unlock();
    }
    try {
      ioThread.join();
      acks.shutdown();
      if (!acks.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("spool in {} closed with acknowledgements still running", options.directory());
      }
      lock.release();
      lockChannel.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpoolException("interrupted while closing spool in " + options.directory(), e);
    } catch (IOException e) {
      throw new SpoolException("cannot release spool lock in " + options.directory(), e);
    }
    LOG.info("spool in {} closed", options.directory());
  }

  /** Null when another process, or another spool in this JVM, holds the directory. */
  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return null;
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(FileChannel ch, Exception primary) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        primary.addSuppressed(e);
      }
    }
  }
}
