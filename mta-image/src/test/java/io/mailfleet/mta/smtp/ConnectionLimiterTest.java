package io.mailfleet.mta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The total and per-client connection limits. */
class ConnectionLimiterTest {

  @Test
  void totalLimitRefusesEvenClientsBelowTheirOwnLimit() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter(2, 2);
    InetAddress a = InetAddress.getByName("10.0.0.1");
    InetAddress b = InetAddress.getByName("10.0.0.2");

    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(b)).isTrue();
    assertThat(limiter.tryAcquire(InetAddress.getByName("10.0.0.3"))).isFalse();

    limiter.release(a);
    assertThat(limiter.tryAcquire(InetAddress.getByName("10.0.0.3"))).isTrue();
    assertThat(limiter.open()).isEqualTo(2);
  }

  @Test
  void refusedAttemptTakesNoSlot() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 1);
    InetAddress a = InetAddress.getByName("10.0.0.1");
    assertThat(limiter.tryAcquire(a)).isTrue();

    assertThat(limiter.tryAcquire(a)).isFalse();
    assertThat(limiter.open()).isEqualTo(1);

    limiter.release(a);
    assertThat(limiter.open()).isZero();
    assertThat(limiter.tryAcquire(a)).isTrue();
  }
}
