package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.time.Duration;
import java.util.List;

/**
 * When to try again after a temporary failure: the waits of a schedule (the last repeats), each
 * spread by jitter, up to a max age. The MailCluster's {@code delivery.retry} in the MTA's terms.
 *
 * @param schedule the wait after the first failure, after the second, and so on; strictly
 *     increasing; the last repeats until the max age
 * @param jitter the fraction (0 to 1) by which each wait is randomly shortened or lengthened
 * @param maxAge how long after reception a message stops being retried and expires
 */
public record RetryConfig(List<Duration> schedule, double jitter, Duration maxAge) {

  public RetryConfig {
    requirePresent("schedule", schedule);
    requirePresent("maxAge", maxAge);
    if (schedule.isEmpty() || schedule.size() > 100) {
      throw new InvalidConfigException("schedule", "needs 1 to 100 waits");
    }
    Duration previous = Duration.ZERO;
    for (int i = 0; i < schedule.size(); i++) {
      Duration wait = requirePresent("schedule[" + i + "]", schedule.get(i));
      if (wait.compareTo(previous) <= 0) {
        throw new InvalidConfigException(
            "schedule[" + i + "]", "must be positive and longer than the wait before it: " + wait);
      }
      previous = wait;
    }
    schedule = List.copyOf(schedule);
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new InvalidConfigException("jitter", "must be between 0 and 1");
    }
    if (maxAge.isNegative()) {
      throw new InvalidConfigException("maxAge", "must not be negative");
    }
  }
}
