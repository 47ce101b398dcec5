package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.AuthConfig;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows and then stops password guessing over SMTP AUTH: the reply to a failed attempt waits longer
 * with every failure of the connection or of the client address, and an address with too many
 * recent failures is locked out for a while. Shared by all sessions of a server.
 */
public final class AuthThrottle {

  /** Client addresses remembered at most, so a spread-out attack cannot exhaust memory. */
  static final int MAX_TRACKED_CLIENTS = 100_000;

  private final AuthConfig config;
  private final Clock clock;
  private final ConcurrentHashMap<InetAddress, Failures> byClient = new ConcurrentHashMap<>();

  public AuthThrottle(AuthConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** What follows a failed attempt. */
  public record Verdict(Duration replyDelay, boolean lockedOut) {}

  /** Recent failures of one client address. */
  private record Failures(int count, Instant last, Instant lockedUntil) {}

  /** Whether AUTH from the client is refused now, whatever the password. */
  public boolean isLockedOut(InetAddress client) {
    Failures failures = byClient.get(client);
    Instant now = clock.instant();
    return failures != null
        && failures.lockedUntil() != null
        && now.isBefore(failures.lockedUntil());
  }

  /**
   * Counts a failed attempt.
   *
   * @param connectionFailures failed attempts on this connection so far, this one included
   */
  public Verdict failed(InetAddress client, int connectionFailures) {
    Instant now = clock.instant();
    if (byClient.size() >= MAX_TRACKED_CLIENTS && !byClient.containsKey(client)) {
      byClient.values().removeIf(f -> forgotten(f, now));
      if (byClient.size() >= MAX_TRACKED_CLIENTS) {
        return new Verdict(delay(connectionFailures), false);
      }
    }
    Failures failures =
        byClient.compute(
            client,
            (address, before) -> {
              int count = before == null || forgotten(before, now) ? 1 : before.count() + 1;
              Instant lockedUntil =
                  count >= config.lockoutAfter() ? now.plus(config.lockoutFor()) : null;
              return new Failures(count, now, lockedUntil);
            });
    return new Verdict(
        delay(Math.max(failures.count(), connectionFailures)), failures.lockedUntil() != null);
  }

  /** Forgets the client's failures once it authenticated. */
  public void succeeded(InetAddress client) {
    byClient.remove(client);
  }

  private boolean forgotten(Failures failures, Instant now) {
    Instant until =
        failures.lockedUntil() != null
            ? failures.lockedUntil()
            : failures.last().plus(config.lockoutFor());
    return !now.isBefore(until);
  }

  /** {@code failureDelay} doubled for each failure after the first, up to the maximum. */
  Duration delay(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    Duration grown = config.failureDelay().multipliedBy(1L << doublings);
    return grown.compareTo(config.maxFailureDelay()) > 0 ? config.maxFailureDelay() : grown;
  }
}
