package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.DnsConfig;
import io.mailfleet.mta.queue.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DnsCacheTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final DnsCache<String> cache = new DnsCache<>(clock);
  private final DnsConfig dns =
      new DnsConfig(null, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(5));

  @Test
  void answerIsKeptForItsTtlAndNoLonger() {
    cache.put("a.test", "mx.a.test", dns.clamp(Duration.ofSeconds(300)));

    clock.advance(Duration.ofSeconds(299));
    assertThat(cache.get("a.test")).contains("mx.a.test");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get("a.test")).isEmpty();
  }

  @Test
  void shortTtlIsRaisedToTheMinimum() {
    cache.put("a.test", "mx.a.test", dns.clamp(Duration.ofSeconds(1)));

    clock.advance(Duration.ofSeconds(29));
    assertThat(cache.get("a.test")).contains("mx.a.test");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get("a.test")).isEmpty();
  }

  @Test
  void longTtlIsCutToTheMaximum() {
    cache.put("a.test", "mx.a.test", dns.clamp(Duration.ofDays(7)));

    clock.advance(Duration.ofHours(1));
    assertThat(cache.get("a.test")).isEmpty();
  }

  @Test
  void zeroTtlIsNotCached() {
    cache.put("a.test", "mx.a.test", Duration.ZERO);

    assertThat(cache.get("a.test")).isEmpty();
  }
}
