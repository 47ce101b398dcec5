package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how durably messages are stored, and when the MTA stops taking mail for lack of room.
 *
 * @param directory the spool directory (a persistent volume in Kubernetes)
 * @param durability {@code FSYNC} (default: 250 only once the message is on disk) or {@code
 *     BATCHED} (periodic fsync; a node crash can lose acknowledged mail)
 * @param minFreeBytes below this much free space on the spool's volume new mail is refused with 452
 *     4.3.1 and readiness turns false, so the volume rarely fills up (default 128 MiB: a few
 *     maximum-size messages in flight, their bounces and completion records still fit)
 * @param stalledAfter when the spool's writes have failed for longer than this while its volume has
 *     room (a broken or read-only volume), {@code /healthz} fails so the pod is restarted (default
 *     5m)
 */
public record SpoolConfig(
    Path directory, Durability durability, long minFreeBytes, Duration stalledAfter) {

  /** Default free-space floor. */
  public static final long DEFAULT_MIN_FREE_BYTES = 128L << 20;

  /** Default time writes may fail before the MTA reports itself not live. */
  public static final Duration DEFAULT_STALLED_AFTER = Duration.ofMinutes(5);

  public SpoolConfig {
    requirePresent("directory", directory);
    requirePresent("durability", durability);
    requirePresent("stalledAfter", stalledAfter);
    if (minFreeBytes < 0) {
      throw new InvalidConfigException("minFreeBytes", "must not be negative, was " + minFreeBytes);
    }
    if (stalledAfter.isNegative() || stalledAfter.isZero()) {
      throw new InvalidConfigException("stalledAfter", "must be positive, was " + stalledAfter);
    }
  }

  /** A spool with the default free-space floor and stall bound. */
  public SpoolConfig(Path directory, Durability durability) {
    this(directory, durability, DEFAULT_MIN_FREE_BYTES, DEFAULT_STALLED_AFTER);
  }
}
