package io.mailfleet.mta.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.SuspensionRule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SiteSuspensionTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final SuspensionRule THREE_421S_IN_A_MINUTE =
      new SuspensionRule(3, Duration.ofMinutes(1), "^421", Duration.ofMinutes(15));

  private final SiteSuspension suspension = new SiteSuspension(THREE_421S_IN_A_MINUTE);

  @Test
  void matchingDeferralsWithinTheWindowSuspendTheSiteForItsTime() {
    assertThat(suspension.deferred("421 4.7.0 slow down", T0)).isFalse();
    assertThat(suspension.deferred("421 4.7.0 slow down", T0.plusSeconds(10))).isFalse();
    assertThat(suspension.deferred("421 4.7.0 slow down", T0.plusSeconds(20))).isTrue();

    assertThat(suspension.isSuspended(T0.plusSeconds(20))).isTrue();
    assertThat(suspension.until()).isEqualTo(T0.plusSeconds(20).plus(Duration.ofMinutes(15)));
    assertThat(suspension.reason()).contains("3 deferrals").contains("421 4.7.0 slow down");
  }

  @Test
  void repliesThatDoNotMatchThePatternDoNotCount() {
    for (int i = 0; i < 10; i++) {
      assertThat(suspension.deferred("450 4.2.0 mailbox busy", T0.plusSeconds(i))).isFalse();
    }
    assertThat(suspension.isSuspended(T0.plusSeconds(10))).isFalse();
  }

  @Test
  void deferralsOlderThanTheWindowAreForgotten() {
    suspension.deferred("421 a", T0);
    suspension.deferred("421 b", T0.plusSeconds(30));

    assertThat(suspension.deferred("421 c", T0.plusSeconds(61))).isFalse();
    assertThat(suspension.deferred("421 d", T0.plusSeconds(62))).isTrue();
  }

  @Test
  void aDeliveryStartsTheCountAgain() {
    suspension.deferred("421 a", T0);
    suspension.deferred("421 b", T0.plusSeconds(1));
    suspension.delivered();

    assertThat(suspension.deferred("421 c", T0.plusSeconds(2))).isFalse();
    assertThat(suspension.isSuspended(T0.plusSeconds(2))).isFalse();
  }

  @Test
  void suspensionRunsOutAtItsEndAndResumeLiftsIt() {
    suspension.suspend(T0.plusSeconds(60), "by hand");

    assertThat(suspension.isSuspended(T0.plusSeconds(59))).isTrue();
    assertThat(suspension.hasRunOut(T0.plusSeconds(59))).isFalse();
    assertThat(suspension.hasRunOut(T0.plusSeconds(60))).isTrue();
    assertThat(suspension.resume()).isTrue();
    assertThat(suspension.until()).isNull();
    assertThat(suspension.resume()).as("nothing left to lift").isFalse();
  }

  @Test
  void siteWithoutARuleIsSuspendedOnlyByHand() {
    SiteSuspension manual = new SiteSuspension(null);

    for (int i = 0; i < 100; i++) {
      assertThat(manual.deferred("421 busy", T0)).isFalse();
    }
    manual.suspend(T0.plusSeconds(5), "by hand");
    assertThat(manual.isSuspended(T0)).isTrue();
  }
}
