package io.mailfleet.mta.spool;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers content into chunks of at most {@link RecordFormat#MAX_CHUNK_BYTES} and hands each full
 * chunk to the spool's I/O thread, so a message never sits whole in heap and the caller never waits
 * on disk. The buffer starts small and doubles, so small messages stay cheap. On the way it notes
 * whether the content is 8-bit and feeds the spool's {@link ContentDigest}: the octets pass here
 * anyway, and delivery then need not read them again to learn either ({@link ContentFacts}).
 */
final class FileSpoolWriter implements SpoolWriter {

  private static final int FIRST_BUFFER_BYTES = 2048;

  private enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  private final FileSpool spool;
  private final long key;
  private final MessageId id;
  private final Envelope envelope;
  private final ContentDigest digest;
  private boolean eightBit;
  private ContentFacts facts;
  private byte[] buffer;
  private int buffered;
  private long size;
  private int chunks;
  private State state = State.OPEN;

  FileSpoolWriter(
      FileSpool spool, long key, MessageId id, Envelope envelope, ContentDigest digest) {
    this.spool = spool;
    this.key = key;
    this.id = id;
    this.envelope = envelope;
    this.digest = digest;
  }

  @Override
  public void write(ByteBuffer content) {
    requireOpen();
    ByteBuffer src = content.duplicate();
    while (src.hasRemaining()) {
      ensureRoom(src.remaining());
      int n = Math.min(src.remaining(), buffer.length - buffered);
      src.get(buffer, buffered, n);
      eightBit = eightBit || EightBitScan.any(buffer, buffered, n);
      digest.update(buffer, buffered, n);
      buffered += n;
      size += n;
      if (buffered == RecordFormat.MAX_CHUNK_BYTES) {
        handOff();
      }
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public CompletableFuture<Void> writable() {
    return spool.writable();
  }

  @Override
  public CompletableFuture<MessageId> commit() {
    requireOpen();
    state = State.COMMITTED;
    if (buffered > 0) {
      handOff();
    }
    buffer = null;
    facts = new ContentFacts(eightBit, digest.finish());
    CompletableFuture<MessageId> future = new CompletableFuture<>();
    spool.submit(
        new SpoolOp.Commit(
            key,
            new EnvelopeCodec.CommitInfo(id, envelope, size, chunks, Optional.of(facts)),
            future));
    return future;
  }

  @Override
  public Optional<ContentFacts> facts() {
    return Optional.ofNullable(facts);
  }

  @Override
  public void abort() {
    if (state == State.OPEN) {
      state = State.ABORTED;
      buffer = null;
      spool.submit(new SpoolOp.Abort(key));
    }
  }

  private void ensureRoom(int wanted) {
    if (buffer == null) {
      buffer =
          new byte[Math.min(RecordFormat.MAX_CHUNK_BYTES, Math.max(FIRST_BUFFER_BYTES, wanted))];
    } else if (buffered == buffer.length) {
      int grown =
          Math.min(RecordFormat.MAX_CHUNK_BYTES, Math.max(buffer.length * 2, buffered + wanted));
      buffer = Arrays.copyOf(buffer, grown);
    }
  }

  /** The I/O thread owns the array from here; the next write starts a new one. */
  private void handOff() {
    spool.submitChunk(new SpoolOp.Chunk(key, ByteBuffer.wrap(buffer, 0, buffered)));
    chunks++;
    buffer = null;
    buffered = 0;
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          "message " + id + " is already " + state.name().toLowerCase(Locale.ROOT));
    }
  }
}
