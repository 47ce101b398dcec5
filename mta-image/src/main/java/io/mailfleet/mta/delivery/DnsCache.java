package io.mailfleet.mta.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DNS answers kept until their time to live runs out; expired entries are dropped when read, and
 * all of them at once when the cache grows past its bound. Thread-safe.
 */
final class DnsCache<V> {

  private static final int SWEEP_ABOVE = 10_000;

  /** An answer and when it stops being good. */
  private record Entry<V>(V answer, Instant expires) {}

  private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  DnsCache(Clock clock) {
    this.clock = clock;
  }

  /** The cached answer for {@code name}, if it has not expired. */
  Optional<V> get(String name) {
    Entry<V> entry = entries.get(name);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(name, entry);
      return Optional.empty();
    }
    return Optional.of(entry.answer());
  }

  /** Keeps {@code answer} for {@code ttl} (nothing for a zero TTL). */
  void put(String name, V answer, Duration ttl) {
    if (ttl.isZero() || ttl.isNegative()) {
      return;
    }
    Instant now = clock.instant();
    if (entries.size() > SWEEP_ABOVE) {
      entries.values().removeIf(e -> !now.isBefore(e.expires()));
    }
    entries.put(name, new Entry<>(answer, now.plus(ttl)));
  }
}
