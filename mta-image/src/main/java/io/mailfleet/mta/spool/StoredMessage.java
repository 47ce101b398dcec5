package io.mailfleet.mta.spool;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A committed message and where its bytes are.
 *
 * @param message what callers see
 * @param key the numeric key its records carry
 * @param home the segment holding its commit record (and its completion record, later)
 * @param chunks its content, in order
 * @param segments every segment it keeps alive
 * @param intact false when recovery found its commit but not all its content: reading it fails
 */
record StoredMessage(
    SpooledMessage message,
    long key,
    long home,
    List<ChunkRef> chunks,
    Set<Long> segments,
    boolean intact) {

  StoredMessage {
    Objects.requireNonNull(message, "message");
    chunks = List.copyOf(chunks);
    segments = Set.copyOf(segments);
  }

  /** A message whose content is all there. */
  StoredMessage(
      SpooledMessage message, long key, long home, List<ChunkRef> chunks, Set<Long> segments) {
    this(message, key, home, chunks, segments, true);
  }
}
