package io.mailfleet.mta.egress;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Messages each egress source sent or has reserved on the current UTC day; the counts start again
 * at zero when the day changes. Thread-safe.
 */
public final class DailySends {

  private final Clock clock;
  private final Map<String, Long> counts = new HashMap<>();
  private LocalDate day;
  private long changes;

  /** Counts for today, starting from {@code restored} when it was written today. */
  public DailySends(Clock clock, Snapshot restored) {
    this.clock = clock;
    this.day = today();
    if (restored != null && restored.day().equals(day)) {
      counts.putAll(restored.sent());
    }
  }

  /** The counts of one UTC day by source name; what {@link DailySendsFile} stores. */
  public record Snapshot(LocalDate day, Map<String, Long> sent) {
    public Snapshot {
      sent = Map.copyOf(sent);
    }
  }

  /** The current UTC day. */
  public synchronized LocalDate day() {
    rollOver();
    return day;
  }

  /** When today's counts start again: the next UTC midnight. */
  public Instant resetAt() {
    return day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Messages {@code source} sent or holds reserved today. */
  public synchronized long sentToday(String source) {
    rollOver();
    return counts.getOrDefault(source, 0L);
  }

  /** Adds {@code n} to today's count of {@code source}. */
  synchronized void add(String source, long n) {
    rollOver();
    counts.merge(source, n, Long::sum);
    changes++;
  }

  /** Takes back {@code n} reserved on {@code onDay}; nothing once that day is over. */
  synchronized void subtract(String source, long n, LocalDate onDay) {
    rollOver();
    if (onDay.equals(day) && n > 0) {
      counts.merge(source, -n, (a, b) -> Math.max(0, a + b));
      changes++;
    }
  }

  /** How many times the counts changed since start: lets a writer skip unchanged snapshots. */
  synchronized long changes() {
    return changes;
  }

  /** Today's counts. */
  public synchronized Snapshot snapshot() {
    rollOver();
    return new Snapshot(day, counts);
  }

  private void rollOver() {
    LocalDate now = today();
    if (!now.equals(day)) {
      day = now;
      counts.clear();
      changes++;
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
