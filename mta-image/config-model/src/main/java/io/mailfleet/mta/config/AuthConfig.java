package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.nio.file.Path;
import java.time.Duration;

/**
 * SMTP AUTH (PLAIN and LOGIN, RFC 4954), and how password guessing is slowed and stopped.
 *
 * @param usersFile lines of {@code username:password} (a mounted secret); {@code #} starts a
 *     comment
 * @param requireTls offer AUTH only on encrypted sessions, so passwords never cross in clear; true
 *     when not given
 * @param failureDelay how long the reply to a failed AUTH waits, doubled with every further failure
 *     of the connection or of the client address; 1 second when not given
 * @param maxFailureDelay the longest such wait; 16 seconds when not given
 * @param lockoutAfter failures from one client address after which AUTH from it is refused for
 *     {@code lockoutFor}; 10 when not given
 * @param lockoutFor how long a locked-out address stays refused, and how long failures from an
 *     address are remembered; 15 minutes when not given
 */
public record AuthConfig(
    Path usersFile,
    Boolean requireTls,
    Duration failureDelay,
    Duration maxFailureDelay,
    Integer lockoutAfter,
    Duration lockoutFor) {

  public AuthConfig {
    requirePresent("usersFile", usersFile);
    requireTls = requireTls == null ? Boolean.TRUE : requireTls;
    failureDelay = orDefault("failureDelay", failureDelay, Duration.ofSeconds(1));
    maxFailureDelay = orDefault("maxFailureDelay", maxFailureDelay, Duration.ofSeconds(16));
    if (maxFailureDelay.compareTo(failureDelay) < 0) {
      throw new InvalidConfigException(
          "maxFailureDelay", "must not be shorter than failureDelay (" + failureDelay + ")");
    }
    if (maxFailureDelay.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new InvalidConfigException(
          "maxFailureDelay", "must be at most 1m (clients give up), was " + maxFailureDelay);
    }
    lockoutAfter = lockoutAfter == null ? 10 : lockoutAfter;
    requireRange("lockoutAfter", lockoutAfter, 1, 1000);
    lockoutFor = orDefault("lockoutFor", lockoutFor, Duration.ofMinutes(15));
  }

  /** AUTH from {@code usersFile} with the default delays and lockout. */
  public static AuthConfig withDefaults(Path usersFile, boolean requireTls) {
    return new AuthConfig(usersFile, requireTls, null, null, null, null);
  }

  private static Duration orDefault(String field, Duration value, Duration fallback) {
    Duration chosen = value == null ? fallback : value;
    if (chosen.isNegative() || chosen.isZero()) {
      throw new InvalidConfigException(field, "must be positive, was " + chosen);
    }
    return chosen;
  }
}
