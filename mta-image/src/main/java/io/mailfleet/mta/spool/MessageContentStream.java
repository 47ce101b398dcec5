package io.mailfleet.mta.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A committed message's content read back chunk by chunk; each chunk's checksum is checked again,
 * so corruption after commit surfaces as a {@link DamagedContentException}, never as half a
 * message. Any other {@link IOException} is the device failing to read, which may pass.
 */
final class MessageContentStream extends InputStream {

  private final MessageId id;
  private final Iterator<ChunkRef> chunks;
  private final LongFunction<Segment> segments;
  private final boolean intact;
  private ByteBuffer current = ByteBuffer.allocate(0);

  /** Records are read into this one buffer, grown as needed, not a new one per chunk. */
  private ByteBuffer records = ByteBuffer.allocate(0);

  MessageContentStream(
      MessageId id, List<ChunkRef> chunks, boolean intact, LongFunction<Segment> segments) {
    this.id = id;
    this.chunks = chunks.iterator();
    this.intact = intact;
    this.segments = segments;
  }

  @Override
  public int read() throws IOException {
    return advance() ? current.get() & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!advance()) {
      return -1;
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  private boolean advance() throws IOException {
    if (!intact) {
      throw new DamagedContentException(
          "message " + id + ": part of its content was unreadable when the spool was recovered");
    }
    while (!current.hasRemaining()) {
      if (!chunks.hasNext()) {
        return false;
      }
      current = readChunk(chunks.next());
    }
    return true;
  }

  private ByteBuffer readChunk(ChunkRef ref) throws IOException {
    Segment segment = segments.apply(ref.segment());
    if (segment == null) {
      throw new DamagedContentException(
          "message " + id + ": segment " + ref.segment() + " is gone");
    }
    FileChannel ch = segment.channel;
    int bytes = RecordFormat.recordBytes(ref.length());
    if (records.capacity() < bytes) {
      records = ByteBuffer.allocate(bytes);
    }
    ByteBuffer record = records.clear().limit(bytes);
    long at = ref.offset();
    while (record.hasRemaining()) {
      int n = ch.read(record, at + record.position());
      if (n < 0) {
        throw new DamagedContentException(
            "message " + id + ": segment " + ref.segment() + " is truncated");
      }
    }
    if (RecordFormat.checksum(record, 4, record.limit()) != record.getInt(0)) {
      throw new DamagedContentException(
          "message " + id + ": checksum mismatch in segment " + ref.segment() + " at " + at);
    }
    return record.position(RecordFormat.HEADER_BYTES);
  }
}
