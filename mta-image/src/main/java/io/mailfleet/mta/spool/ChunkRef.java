package io.mailfleet.mta.spool;

/**
 * Where one content chunk's record sits.
 *
 * @param segment the segment number
 * @param offset where the record (header included) starts
 * @param length payload bytes
 */
record ChunkRef(long segment, long offset, int length) {

  ChunkRef {
    if (offset < 0 || length < 0 || length > RecordFormat.MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException("bad chunk at " + segment + "@" + offset + "+" + length);
    }
  }
}
