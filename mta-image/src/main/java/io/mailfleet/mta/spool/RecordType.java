package io.mailfleet.mta.spool;

/** The kinds of record in a segment file. */
enum RecordType {
  /** A piece of one message's content, in order. */
  CHUNK((byte) 1),
  /** Seals a message: its envelope, size and chunk count. Without it the chunks are garbage. */
  COMMIT((byte) 2);

  final byte code;

  RecordType(byte code) {
    this.code = code;
  }

  /** The type for a code read from disk, or null when the byte is no known type (torn write). */
  static RecordType fromCode(byte code) {
    for (RecordType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
