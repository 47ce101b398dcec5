package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.time.Duration;

/**
 * When to try again after a temporary failure: exponential backoff with jitter, up to a max age.
 *
 * @param initialDelay the wait after the first failure
 * @param maxDelay the longest wait between two attempts
 * @param multiplier how much each wait grows over the previous one (at least 1)
 * @param jitter the fraction (0 to 1) by which each wait is randomly shortened or lengthened
 * @param maxAge how long after reception a message stops being retried and expires
 */
public record RetryConfig(
    Duration initialDelay, Duration maxDelay, double multiplier, double jitter, Duration maxAge) {

  public RetryConfig {
    requirePresent("initialDelay", initialDelay);
    requirePresent("maxDelay", maxDelay);
    requirePresent("maxAge", maxAge);
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new InvalidConfigException("initialDelay", "must be positive");
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new InvalidConfigException("maxDelay", "must not be shorter than initialDelay");
    }
    if (!(multiplier >= 1)) {
      throw new InvalidConfigException("multiplier", "must be at least 1");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new InvalidConfigException("jitter", "must be between 0 and 1");
    }
    if (maxAge.isNegative()) {
      throw new InvalidConfigException("maxAge", "must not be negative");
    }
  }
}
