package io.mailfleet.mta.spool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Messages begun and not yet committed, with their chunks and the segments they hold; and those
 * whose content a write error lost, so that their commit fails even when the disk healed before it.
 * Touched by the spool's writer thread only.
 */
final class MessagesInFlight {

  /** Chunks and segments of a message that has begun but is not committed. */
  static final class Message {
    final List<ChunkRef> chunks = new ArrayList<>();
    final Set<Long> segments = new HashSet<>();
  }

  private final Map<Long, Message> open = new HashMap<>();
  private final Map<Long, SpoolException> lost = new HashMap<>();
  private final Consumer<Set<Long>> release;

  /** {@code release} gives back the segments a dropped message held. */
  MessagesInFlight(Consumer<Set<Long>> release) {
    this.release = release;
  }

  /** The message with this key, begun now if it was not. */
  Message get(long key) {
    return open.computeIfAbsent(key, k -> new Message());
  }

  boolean isLost(long key) {
    return lost.containsKey(key);
  }

  /** Why the message's content was lost, forgetting it; null when it was not. */
  SpoolException takeLost(long key) {
    return lost.remove(key);
  }

  /** The message was committed: it is no longer in flight. */
  void committed(long key) {
    open.remove(key);
  }

  /** A content chunk of the message was not written. */
  void markLost(long key, SpoolException cause) {
    Message m = open.remove(key);
    if (m != null) {
      release.accept(m.segments);
    }
    lost.putIfAbsent(key, cause);
  }

  /** The message was dropped by its writer; nothing of it is kept. */
  void abort(long key) {
    lost.remove(key);
    Message m = open.remove(key);
    if (m != null) {
      release.accept(m.segments);
    }
  }

  /** A write error may have lost content of every message in flight: their commits will fail. */
  void loseAll(SpoolException cause) {
    for (Map.Entry<Long, Message> e : open.entrySet()) {
      release.accept(e.getValue().segments);
      lost.put(e.getKey(), cause);
    }
    open.clear();
  }
}
