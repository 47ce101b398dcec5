package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.SiteLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A site's rate limits: token buckets for messages per hour and per minute and for new connections
 * per minute, each present only when its limit is set. Not thread-safe: the owner guards it.
 */
final class SiteThrottle {

  private final List<TokenBucket> messages = new ArrayList<>(2);
  private final TokenBucket connections;

  SiteThrottle(SiteLimits limits, Instant now) {
    if (limits.messagesPerHour() != null) {
      messages.add(new TokenBucket(limits.messagesPerHour(), Duration.ofHours(1), now));
    }
    if (limits.messagesPerMinute() != null) {
      messages.add(new TokenBucket(limits.messagesPerMinute(), Duration.ofMinutes(1), now));
    }
    connections =
        limits.connectionsPerMinute() == null
            ? null
            : new TokenBucket(limits.connectionsPerMinute(), Duration.ofMinutes(1), now);
  }

  /** How many messages may go now ({@link Integer#MAX_VALUE} when no message limit is set). */
  int messagesAllowed(Instant now) {
    int allowed = Integer.MAX_VALUE;
    for (TokenBucket bucket : messages) {
      allowed = Math.min(allowed, bucket.available(now));
    }
    return allowed;
  }

  /**
   * When a new connection may carry at least one message: {@code now} if it may already, else when
   * the last of the needed tokens comes back.
   */
  Instant nextConnectionAt(Instant now) {
    Instant next = connections == null ? now : connections.nextTokenAt(now);
    for (TokenBucket bucket : messages) {
      Instant due = bucket.nextTokenAt(now);
      next = due.isAfter(next) ? due : next;
    }
    return next;
  }

  /** A new connection starts: takes its token. */
  void connect(Instant now) {
    if (connections != null) {
      connections.take(1, now);
    }
  }

  /** {@code n} messages go: takes their tokens. */
  void send(int n, Instant now) {
    messages.forEach(bucket -> bucket.take(n, now));
  }
}
