package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * Spool files on the real disk whose writes fail when a test says so, as a full disk would: the
 * rule sees the file and the ordinal of the write among all writes through this disk.
 */
final class FaultyDisk implements SpoolFiles {

  private final AtomicInteger writes = new AtomicInteger();
  private final CountDownLatch firstWriteHeld = new CountDownLatch(1);
  private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
  private volatile boolean holdFirstWrite;
  private volatile BiPredicate<Path, Integer> fails = (file, ordinal) -> false;
  private volatile boolean forcesFail;

  /** Writes for which {@code rule(file, ordinal)} holds throw "No space left on device". */
  void failWhen(BiPredicate<Path, Integer> rule) {
    fails = rule;
  }

  /** Every fsync throws, as on a volume with an I/O error. */
  void failForces() {
    forcesFail = true;
  }

  /** Writes and fsyncs succeed again, as when space was freed. */
  void heal() {
    fails = (file, ordinal) -> false;
    forcesFail = false;
  }

  /** The first write waits for {@link #releaseFirstWrite()}, so work queues up behind it. */
  void holdFirstWrite() {
    holdFirstWrite = true;
  }

  /** Waits until the held first write has begun: the spool's writer is blocked in it. */
  void awaitFirstWrite() throws InterruptedException {
    if (!firstWriteStarted.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the spool never wrote");
    }
  }

  void releaseFirstWrite() {
    firstWriteHeld.countDown();
  }

  @Override
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    return new Channel(file, FileChannel.open(file, options));
  }

  private void beforeWrite(Path file) throws IOException {
    int ordinal = writes.incrementAndGet();
    if (ordinal == 1 && holdFirstWrite) {
      firstWriteStarted.countDown();
      try {
        if (!firstWriteHeld.await(30, TimeUnit.SECONDS)) {
          throw new IOException("first write held for too long");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (fails.test(file, ordinal)) {
      throw new IOException("No space left on device (write " + ordinal + " to " + file + ")");
    }
  }

  /** A channel that asks the disk before each write and otherwise does what the real one does. */
  private final class Channel extends FileChannel {

    private final Path file;
    private final FileChannel real;

    Channel(Path file, FileChannel real) {
      this.file = file;
      this.real = real;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      beforeWrite(file);
      return real.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      beforeWrite(file);
      return real.write(src, position);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      beforeWrite(file);
      return real.write(srcs, offset, length);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (forcesFail) {
        throw new IOException("Input/output error (fsync of " + file + ")");
      }
      real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      beforeWrite(file);
      return real.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
