package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a temporarily failed delivery is tried again: after the first failure the first wait of
 * {@code waits}, after the second the second, and so on, the last repeating; each wait spread by
 * {@code ±jitter} so that retries of one burst do not arrive together, and nothing later than
 * {@code maxAge} after reception. One last attempt happens at the max age; a failure after it
 * expires the recipient.
 */
public record RetrySchedule(List<Duration> waits, double jitter, Duration maxAge) {

  public RetrySchedule {
    waits = List.copyOf(waits);
    Objects.requireNonNull(maxAge, "maxAge");
    if (waits.isEmpty() || jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("a schedule needs a wait, and jitter in [0, 1]");
    }
  }

  /** The schedule a configuration describes. */
  public static RetrySchedule of(RetryConfig config) {
    return new RetrySchedule(config.schedule(), config.jitter(), config.maxAge());
  }

  /** The wait after {@code failures} failed attempts (at least 1), before jitter. */
  public Duration backoff(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1: " + failures);
    }
    return waits.get(Math.min(failures, waits.size()) - 1);
  }

  /**
   * When to attempt again after {@code failures} failed attempts, or empty when the message
   * received at {@code receivedAt} has reached its max age and expires now.
   */
  public Optional<Instant> nextAttempt(
      int failures, Instant receivedAt, Instant now, RandomGenerator random) {
    Instant expiry = receivedAt.plus(maxAge);
    if (!now.isBefore(expiry)) {
      return Optional.empty();
    }
    double spread = 1 + jitter * (2 * random.nextDouble() - 1);
    Instant next = now.plusMillis(Math.max(1, (long) (backoff(failures).toMillis() * spread)));
    return Optional.of(next.isAfter(expiry) ? expiry : next);
  }
}
