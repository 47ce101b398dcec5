package io.mailfleet.mta.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * A rate limit as a token bucket: holds up to {@code capacity} tokens, refilled evenly so that
 * {@code capacity} tokens come back per {@code period}; each message or connection takes one. Time
 * is passed in, so tests drive it. Not thread-safe: the owner guards it.
 */
final class TokenBucket {

  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private Instant updated;

  /** A full bucket of {@code capacity} tokens per {@code period}, as of {@code now}. */
  TokenBucket(int capacity, Duration period, Instant now) {
    if (capacity < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a token bucket needs a capacity and a period");
    }
    this.capacity = capacity;
    this.tokensPerNano = capacity / (double) period.toNanos();
    this.tokens = capacity;
    this.updated = now;
  }

  /** Whole tokens available at {@code now}. */
  int available(Instant now) {
    refill(now);
    return (int) Math.floor(tokens);
  }

  /** Takes {@code n} tokens (at most those available). */
  void take(int n, Instant now) {
    refill(now);
    if (n > tokens) {
      throw new IllegalStateException("took " + n + " tokens with " + tokens + " available");
    }
    tokens -= n;
  }

  /** When the next whole token is there: {@code now} when one is available already. */
  Instant nextTokenAt(Instant now) {
    refill(now);
    if (tokens >= 1) {
      return now;
    }
    return now.plusNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
  }

  private void refill(Instant now) {
    if (now.isAfter(updated)) {
      long nanos = Duration.between(updated, now).toNanos();
      tokens = Math.min(capacity, tokens + nanos * tokensPerNano);
      updated = now;
    }
  }
}
