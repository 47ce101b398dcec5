package io.mailfleet.mta.spool;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The committed, not completed messages: written by the I/O thread, read by anyone. */
final class SpoolIndex {

  private final ConcurrentHashMap<MessageId, StoredMessage> messages = new ConcurrentHashMap<>();
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  void add(StoredMessage m) {
    if (messages.putIfAbsent(m.message().id(), m) == null) {
      count.incrementAndGet();
      bytes.addAndGet(m.message().size());
    }
  }

  /** Removes and returns the message, or null when it is not (or no longer) here. */
  StoredMessage remove(MessageId id) {
    StoredMessage m = messages.remove(id);
    if (m != null) {
      count.decrementAndGet();
      bytes.addAndGet(-m.message().size());
    }
    return m;
  }

  StoredMessage get(MessageId id) {
    return messages.get(id);
  }

  /** The earliest reception time among the messages held, found without sorting. */
  Optional<Instant> oldestReceivedAt() {
    return messages.values().stream()
        .map(m -> m.message().envelope().receivedAt())
        .min(Instant::compareTo);
  }

  /** Oldest first: by key, which grows with the order messages began. */
  List<SpooledMessage> inOrder() {
    return messages.values().stream()
        .sorted(Comparator.comparingLong(StoredMessage::key))
        .map(StoredMessage::message)
        .toList();
  }

  SpoolStats stats() {
    return new SpoolStats(count.get(), bytes.get());
  }
}
