package io.mailfleet.mta.spool;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a segment or completion journal front to back, checking every record's checksum. In a
 * segment, a record that is short, unknown or fails its checksum is skipped: the scan
 * resynchronises on the next offset that holds a whole record with a matching checksum (the
 * declared end of the bad record first, then byte by byte). Bad bytes with no valid record after
 * them are a torn tail, written after the last fsync and never acknowledged; bad bytes followed by
 * valid records are damage to data that was acknowledged, and are reported.
 */
final class SegmentScanner {

  /** Bytes read at once while looking for the next record start. */
  private static final int RESYNC_WINDOW = 1 << 20;

  /** Receives the valid records of a segment, in file order. */
  interface Visitor {
    void chunk(long key, ChunkRef ref);

    void commit(long key, EnvelopeCodec.CommitInfo info);
  }

  /**
   * A byte range of a segment that holds no readable record, followed by readable ones.
   *
   * @param from first unreadable byte
   * @param to first byte of the next valid record
   */
  record Unreadable(long from, long to) {

    long bytes() {
      return to - from;
    }

    @Override
    public String toString() {
      return "[" + from + ", " + to + ")";
    }
  }

  /**
   * What a segment scan found.
   *
   * @param validBytes where the readable part ends (a torn tail starts there)
   * @param damage unreadable ranges inside the readable part, in file order
   */
  record Scan(long validBytes, List<Unreadable> damage) {

    Scan {
      damage = List.copyOf(damage);
    }
  }

  /** The keys a completion journal holds and where its valid part ends. */
  record DoneScan(Set<Long> keys, long validBytes) {}

  private SegmentScanner() {}

  /** Visits the valid records of segment {@code number}, skipping damaged ones. */
  static Scan scan(Path log, long number, Visitor visitor) throws IOException {
    List<Unreadable> damage = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      long size = ch.size();
      long offset = 0;
      while (offset < size) {
        ByteBuffer record = readRecord(ch, offset, size);
        if (record == null) {
          long next = nextRecordAfter(ch, offset, size);
          if (next < 0) {
            return new Scan(offset, damage);
          }
          damage.add(new Unreadable(offset, next));
          offset = next;
          continue;
        }
        visit(record, number, offset, visitor);
        offset += record.capacity();
      }
      return new Scan(offset, damage);
    }
  }

  private static void visit(ByteBuffer record, long number, long offset, Visitor visitor) {
    RecordType type = RecordType.fromCode(record.get(4));
    long key = record.getLong(5);
    int length = record.getInt(13);
    if (type == RecordType.CHUNK) {
      visitor.chunk(key, new ChunkRef(number, offset, length));
    } else {
      visitor.commit(key, EnvelopeCodec.decode(record.position(RecordFormat.HEADER_BYTES)));
    }
  }

  /**
   * The whole record at {@code at} when its header is plausible and its checksum matches, else
   * null.
   */
  private static ByteBuffer readRecord(FileChannel ch, long at, long size) throws IOException {
    if (size - at < RecordFormat.HEADER_BYTES) {
      return null;
    }
    ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER_BYTES);
    readFully(ch, header, at);
    int length = plausibleLength(header, 0, size - at);
    if (length < 0) {
      return null;
    }
    ByteBuffer record = ByteBuffer.allocate(RecordFormat.recordBytes(length));
    record.put(header.flip());
    readFully(ch, record, at);
    return RecordFormat.checksum(record, 4, record.capacity()) == record.getInt(0)
        ? record.clear()
        : null;
  }

  /**
   * The payload length of a header at {@code buf[at]} whose type is known and whose record fits in
   * {@code room} bytes, or -1.
   */
  private static int plausibleLength(ByteBuffer buf, int at, long room) {
    RecordType type = RecordType.fromCode(buf.get(at + 4));
    int length = buf.getInt(at + 13);
    if (type == null || length < 0 || length > RecordFormat.maxPayload(type)) {
      return -1;
    }
    return RecordFormat.recordBytes(length) <= room ? length : -1;
  }

  /**
   * The offset of the first valid record after the bad one at {@code bad}, or -1 when none follows.
   * The bad record's own declared end is tried first: a damaged payload leaves its header intact.
   */
  private static long nextRecordAfter(FileChannel ch, long bad, long size) throws IOException {
    if (size - bad >= RecordFormat.HEADER_BYTES) {
      ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER_BYTES);
      readFully(ch, header, bad);
      int length = plausibleLength(header, 0, size - bad);
      long declaredEnd = bad + RecordFormat.recordBytes(Math.max(length, 0));
      if (length >= 0 && declaredEnd < size && readRecord(ch, declaredEnd, size) != null) {
        return declaredEnd;
      }
    }
    ByteBuffer window = ByteBuffer.allocate(RESYNC_WINDOW);
    for (long start = bad + 1; size - start >= RecordFormat.HEADER_BYTES; ) {
      window.clear().limit((int) Math.min(RESYNC_WINDOW, size - start));
      readFully(ch, window, start);
      int candidates = window.limit() - RecordFormat.HEADER_BYTES + 1;
      for (int i = 0; i < candidates; i++) {
        if (plausibleLength(window, i, size - start - i) >= 0
            && readRecord(ch, start + i, size) != null) {
          return start + i;
        }
      }
      start += candidates;
    }
    return -1;
  }

  /** Fills {@code buf} from its position with the file's bytes at {@code at} plus that position. */
  private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf, at + buf.position()) < 0) {
        throw new IOException("segment shrank while it was read");
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
      while (in.readNBytes(rec, 0, rec.length) == rec.length) {
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
}
