package io.mailfleet.mta.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");
  private final RetrySchedule schedule =
      new RetrySchedule(
          List.of(
              Duration.ofMinutes(5),
              Duration.ofMinutes(10),
              Duration.ofMinutes(30),
              Duration.ofHours(1)),
          0.2,
          Duration.ofDays(3));

  /** Always the same fraction: 0.5 is the middle of the jitter range. */
  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void backoffFollowsTheScheduleAndRepeatsItsLastWait() {
    assertThat(schedule.backoff(1)).isEqualTo(Duration.ofMinutes(5));
    assertThat(schedule.backoff(2)).isEqualTo(Duration.ofMinutes(10));
    assertThat(schedule.backoff(3)).isEqualTo(Duration.ofMinutes(30));
    assertThat(schedule.backoff(4)).isEqualTo(Duration.ofHours(1));
    assertThat(schedule.backoff(5)).isEqualTo(Duration.ofHours(1));
    assertThat(schedule.backoff(500)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void nextAttemptWithoutJitterIsTheBackoffFromNow() {
    Instant now = RECEIVED.plusSeconds(60);
    assertThat(schedule.nextAttempt(2, RECEIVED, now, fixed(0.5)))
        .contains(now.plus(Duration.ofMinutes(10)));
  }

  @Test
  void jitterSpreadsTheWaitWithinItsFraction() {
    Instant now = RECEIVED.plusSeconds(60);
    RandomGenerator random = new SplittableRandom(42);
    for (int i = 0; i < 1000; i++) {
      Duration wait = Duration.between(now, schedule.nextAttempt(1, RECEIVED, now, random).get());
      assertThat(wait).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
    }
    assertThat(schedule.nextAttempt(1, RECEIVED, now, fixed(0.0)))
        .contains(now.plus(Duration.ofMinutes(4)));
  }

  @Test
  void lastAttemptIsScheduledAtTheMaxAge() {
    Instant now = RECEIVED.plus(Duration.ofDays(3)).minusSeconds(30);
    assertThat(schedule.nextAttempt(9, RECEIVED, now, fixed(0.5)))
        .contains(RECEIVED.plus(Duration.ofDays(3)));
  }

  @Test
  void failureAtTheMaxAgeExpires() {
    assertThat(schedule.nextAttempt(9, RECEIVED, RECEIVED.plus(Duration.ofDays(3)), fixed(0.5)))
        .isEmpty();
  }
}
