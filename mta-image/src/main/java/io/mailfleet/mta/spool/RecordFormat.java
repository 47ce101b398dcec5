package io.mailfleet.mta.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of segment and completion records. A segment record is {@code crc32c:int
 * type:byte key:long length:int payload}, the checksum covering everything after itself; a
 * completion record is {@code crc32c:int key:long}. A record whose checksum does not match is a
 * torn write from a crash when nothing valid follows it, else damage that {@link SegmentScanner}
 * reads around (docs/adr/0015-spool-corruption-and-quarantine.md).
 */
final class RecordFormat {

  /** Bytes before a segment record's payload. */
  static final int HEADER_BYTES = 4 + 1 + 8 + 4;

  /** Bytes of one completion record. */
  static final int DONE_BYTES = 4 + 8;

  /** Largest content chunk a writer hands over. */
  static final int MAX_CHUNK_BYTES = 64 * 1024;

  /** Largest commit payload (envelope); bounds what a corrupt length can make recovery read. */
  static final int MAX_COMMIT_BYTES = 16 * 1024 * 1024;

  private RecordFormat() {}

  /** Bytes a segment record with this payload occupies. */
  static int recordBytes(int payloadBytes) {
    return HEADER_BYTES + payloadBytes;
  }

  /** Appends one segment record to {@code out}, which must have room for it. */
  static void putRecord(ByteBuffer out, RecordType type, long key, ByteBuffer payload) {
    int start = out.position();
    out.putInt(0).put(type.code).putLong(key).putInt(payload.remaining()).put(payload.duplicate());
    out.putInt(start, checksum(out, start + 4, out.position()));
  }

  /** Appends one completion record to {@code out}. */
  static void putDone(ByteBuffer out, long key) {
    int start = out.position();
    out.putInt(0).putLong(key);
    out.putInt(start, checksum(out, start + 4, out.position()));
  }

  /** The largest payload a record of this type may declare. */
  static int maxPayload(RecordType type) {
    return type == RecordType.CHUNK ? MAX_CHUNK_BYTES : MAX_COMMIT_BYTES;
  }

  /** CRC32C of {@code buf[from, to)}, without moving the buffer's position. */
  static int checksum(ByteBuffer buf, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().limit(to).position(from));
    return (int) crc.getValue();
  }
}
