package io.mailfleet.mta.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.mta.config.SiteLimits;
import io.mailfleet.mta.config.TlsPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void fullBucketAllowsItsWholeCapacityAtOnce() {
    TokenBucket bucket = new TokenBucket(2, Duration.ofMinutes(1), T0);

    assertThat(bucket.available(T0)).isEqualTo(2);
    bucket.take(2, T0);
    assertThat(bucket.available(T0)).isZero();
  }

  @Test
  void emptyBucketSaysWhenItsNextTokenIsDueAndHasItThen() {
    TokenBucket bucket = new TokenBucket(2, Duration.ofMinutes(1), T0);
    bucket.take(2, T0);

    Instant due = bucket.nextTokenAt(T0);

    assertThat(due).isBetween(T0.plusSeconds(30), T0.plusSeconds(30).plusMillis(1));
    assertThat(bucket.available(due.minusMillis(1))).isZero();
    assertThat(bucket.available(due)).isEqualTo(1);
  }

  @Test
  void refillNeverExceedsTheCapacity() {
    TokenBucket bucket = new TokenBucket(3, Duration.ofMinutes(1), T0);
    bucket.take(1, T0);

    assertThat(bucket.available(T0.plus(Duration.ofHours(5)))).isEqualTo(3);
  }

  @Test
  void takingMoreThanAvailableIsABug() {
    TokenBucket bucket = new TokenBucket(1, Duration.ofMinutes(1), T0);

    assertThatThrownBy(() -> bucket.take(2, T0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void throttleWithoutRateLimitsNeverWaits() {
    SiteThrottle throttle =
        new SiteThrottle(new SiteLimits(1, 10, null, null, null, TlsPolicy.OPPORTUNISTIC), T0);

    throttle.connect(T0);
    throttle.send(1_000, T0);

    assertThat(throttle.messagesAllowed(T0)).isEqualTo(Integer.MAX_VALUE);
    assertThat(throttle.nextConnectionAt(T0)).isEqualTo(T0);
  }

  @Test
  void throttleAllowsTheTighterOfHourlyAndPerMinuteLimits() {
    SiteThrottle throttle =
        new SiteThrottle(new SiteLimits(1, 10, 3, 2, null, TlsPolicy.OPPORTUNISTIC), T0);

    assertThat(throttle.messagesAllowed(T0)).isEqualTo(2);
    throttle.send(2, T0);
    Instant minuteLater = T0.plus(Duration.ofMinutes(1));
    assertThat(throttle.messagesAllowed(minuteLater)).as("one left this hour").isEqualTo(1);
    throttle.send(1, minuteLater);
    assertThat(throttle.nextConnectionAt(minuteLater))
        .as("the hourly bucket refills last")
        .isBetween(T0.plus(Duration.ofMinutes(20)), T0.plus(Duration.ofMinutes(20)).plusMillis(1));
  }

  @Test
  void connectionsPerMinuteDelayTheNextConnection() {
    SiteThrottle throttle =
        new SiteThrottle(new SiteLimits(5, 10, null, null, 1, TlsPolicy.OPPORTUNISTIC), T0);

    throttle.connect(T0);

    assertThat(throttle.nextConnectionAt(T0))
        .isBetween(T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(1)).plusMillis(1));
    assertThat(throttle.messagesAllowed(T0)).isEqualTo(Integer.MAX_VALUE);
  }
}
