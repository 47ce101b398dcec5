package io.mailfleet.mta.queue;

import io.mailfleet.mta.spool.MessageId;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages of one egress pool still to deliver, ordered by reception so that the oldest is
 * found without a scan. Thread-safe.
 */
final class PoolBacklog {

  /** One message, by reception time then id. */
  private record Entry(Instant receivedAt, String id) {}

  private final ConcurrentSkipListSet<Entry> messages =
      new ConcurrentSkipListSet<>(Comparator.comparing(Entry::receivedAt).thenComparing(Entry::id));

  /** Counted apart: the set's own size() walks it. */
  private final AtomicLong size = new AtomicLong();

  void add(MessageId id, Instant receivedAt) {
    if (messages.add(new Entry(receivedAt, id.value()))) {
      size.incrementAndGet();
    }
  }

  void remove(MessageId id, Instant receivedAt) {
    if (messages.remove(new Entry(receivedAt, id.value()))) {
      size.decrementAndGet();
    }
  }

  long size() {
    return size.get();
  }

  Optional<Instant> oldest() {
    Iterator<Entry> first = messages.iterator();
    return first.hasNext() ? Optional.of(first.next().receivedAt()) : Optional.empty();
  }
}
