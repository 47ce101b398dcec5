package io.mailfleet.mta.spool;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a segment or completion journal front to back, checking every record's checksum. The first
 * record that is short, unknown or fails its checksum ends the scan: everything after it was
 * written after the last fsync and never acknowledged.
 */
final class SegmentScanner {

  /** Receives the valid records of a segment, in file order. */
  interface Visitor {
    void chunk(long key, ChunkRef ref);

    void commit(long key, EnvelopeCodec.CommitInfo info);
  }

  /** The keys a completion journal holds and where its valid part ends. */
  record DoneScan(Set<Long> keys, long validBytes) {}

  private SegmentScanner() {}

  /** Visits the valid records of segment {@code number}; returns the length of its valid part. */
  static long scan(Path log, long number, Visitor visitor) throws IOException {
    long offset = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(log), 1 << 16)) {
      byte[] header = new byte[RecordFormat.HEADER_BYTES];
      while (true) {
        if (!readFully(in, header)) {
          return offset;
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int crc = h.getInt();
        RecordType type = RecordType.fromCode(h.get());
        long key = h.getLong();
        int length = h.getInt();
        if (type == null || length < 0 || length > RecordFormat.maxPayload(type)) {
          return offset;
        }
        ByteBuffer record = ByteBuffer.allocate(RecordFormat.recordBytes(length)).put(header);
        if (!readFully(in, record.array(), RecordFormat.HEADER_BYTES, length)) {
          return offset;
        }
        if (RecordFormat.checksum(record, 4, record.capacity()) != crc) {
          return offset;
        }
        if (type == RecordType.CHUNK) {
          visitor.chunk(key, new ChunkRef(number, offset, length));
        } else {
          visitor.commit(key, EnvelopeCodec.decode(record.position(RecordFormat.HEADER_BYTES)));
        }
        offset += record.capacity();
      }
    }
  }

  /** Reads a completion journal; a missing file holds no completions. */
  static DoneScan scanDone(Path done) throws IOException {
    Set<Long> keys = new HashSet<>();
    if (!Files.exists(done)) {
      return new DoneScan(keys, 0);
    }
    long offset = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(done), 1 << 16)) {
      byte[] rec = new byte[RecordFormat.DONE_BYTES];
      while (readFully(in, rec)) {
        ByteBuffer r = ByteBuffer.wrap(rec);
        if (RecordFormat.checksum(r, 4, rec.length) != r.getInt(0)) {
          break;
        }
        keys.add(r.getLong(4));
        offset += rec.length;
      }
    }
    return new DoneScan(keys, offset);
  }

  private static boolean readFully(InputStream in, byte[] buf) throws IOException {
    return readFully(in, buf, 0, buf.length);
  }

  /** False on a clean or torn end of file; the caller treats both as the end of valid data. */
  private static boolean readFully(InputStream in, byte[] buf, int from, int length)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n = in.read(buf, from + done, length - done);
      if (n < 0) {
        return false;
      }
      done += n;
    }
    return true;
  }
}
