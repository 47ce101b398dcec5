package io.mailfleet.mta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryConfigTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  private MtaConfig load(String yaml) throws IOException {
    return ConfigFile.load(dir, yaml);
  }

  @Test
  void defaultsRetryForThreeDaysOnTheClusterScheduleAndUseTheSystemResolver() {
    DeliveryConfig delivery = loader.defaults().delivery();

    assertThat(delivery.retry().maxAge()).isEqualTo(Duration.ofDays(3));
    assertThat(delivery.retry().schedule())
        .containsExactly(
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(4));
    assertThat(delivery.dns().resolver()).isNull();
    assertThat(delivery.egress()).isEqualTo(EgressConfig.single());
    assertThat(delivery.routes()).isEmpty();
    assertThat(delivery.paused()).isFalse();
  }

  @Test
  void pausedTierKeepsItsOtherDeliveryDefaults() throws IOException {
    DeliveryConfig delivery = load("delivery: {paused: true}\n").delivery();

    assertThat(delivery.paused()).isTrue();
    assertThat(delivery.maxConcurrentDeliveries()).isEqualTo(16);
  }

  @Test
  void fileSetsRoutesAndKeepsTheOtherDeliveryDefaults() throws IOException {
    DeliveryConfig delivery =
        load("""
                delivery:
                  routes: {relay.example: "smarthost.example:587"}
                  retry: {maxAge: 1h}
                """)
            .delivery();

    assertThat(delivery.routes()).containsEntry("relay.example", "smarthost.example:587");
    assertThat(delivery.retry().maxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(delivery.retry().schedule()).hasSize(6).endsWith(Duration.ofHours(4));
    assertThat(delivery.shaping().defaultLimits().deliveriesPerConnection()).isEqualTo(100);
  }

  @Test
  void defaultShapingAllowsTwentyConnectionsPerSiteWithoutRateLimits() {
    SiteLimits limits = loader.defaults().delivery().shaping().defaultLimits();

    assertThat(limits)
        .isEqualTo(new SiteLimits(20, 100, null, null, null, TlsPolicy.OPPORTUNISTIC));
    assertThat(loader.defaults().delivery().shaping().sites()).isEmpty();
  }

  @Test
  void namedSiteTakesTheDefaultsForLimitsItLeavesUnset() throws IOException {
    ShapingConfig shaping =
        load("""
                delivery:
                  shaping:
                    defaults: {messagesPerHour: 1000}
                    sites:
                      - name: google
                        mxSuffixes: [".Google.com"]
                        limits: {maxConnections: 5, tls: REQUIRED}
                        suspension: {deferrals: 3, pattern: "^421"}
                """)
            .delivery()
            .shaping();

    SiteShaping google = shaping.sites().get(0);
    assertThat(google.mxSuffixes()).containsExactly(".google.com");
    assertThat(google.limits().over(shaping.defaultLimits()))
        .isEqualTo(new SiteLimits(5, 100, 1000, null, null, TlsPolicy.REQUIRED));
    assertThat(google.suspension())
        .isEqualTo(new SuspensionRule(3, Duration.ofMinutes(10), "^421", Duration.ofMinutes(15)));
  }

  @Test
  void dnsSettingsKeepTheirDefaultsWhenOnlyTheResolverIsGiven() throws IOException {
    DnsConfig dns = load("delivery: {dns: {resolver: '127.0.0.1:5353'}}\n").delivery().dns();

    assertThat(dns.resolver()).isEqualTo("127.0.0.1:5353");
    assertThat(dns.clamp(Duration.ofSeconds(5))).isEqualTo(dns.minTtl());
    assertThat(dns.clamp(Duration.ofDays(2))).isEqualTo(dns.maxTtl());
    assertThat(dns.clamp(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          delivery: {routes: {a.example: smarthost}}   | delivery.routes.a.example: must be host:port
          delivery: {dns: {resolver: '10.0.0.1'}}      | delivery.dns.resolver: must be host:port
          delivery: {dns: {minTtl: 2h}}                | delivery.dns.maxTtl: must not be shorter than minTtl
          delivery: {shaping: {defaults: {maxConnections: 0}}} | delivery.shaping.defaults.maxConnections: must be between 1
          delivery: {shaping: {defaults: {maxConnections: null}}} | delivery.shaping.defaults.maxConnections: is required
          delivery: {shaping: {sites: [{name: g, limits: {}}]}} | delivery.shaping.sites[0].domains: a site needs domains or mxSuffixes
          delivery: {shaping: {sites: [{name: g, domains: [a.test], suspension: {pattern: '('}}]}} | delivery.shaping.sites[0].suspension.pattern: is not a regular expression
          delivery: {shaping: {sites: [{name: g, domains: [a.test], limits: {messagesPerMinute: 5, messagesPerHour: 2}}]}} | delivery.shaping.sites[0].limits.messagesPerMinute: cannot be more than
          delivery: {retry: {schedule: []}}            | delivery.retry.schedule: needs 1 to 100 waits
          delivery: {retry: {schedule: [5m, 5m]}}      | delivery.retry.schedule[1]: must be positive and longer than the wait before it
          delivery: {retry: {schedule: [0s]}}          | delivery.retry.schedule[0]: must be positive
          delivery: {retry: {jitter: 2}}               | delivery.retry.jitter: must be between 0 and 1
          delivery: {timeouts: {connect: 0s}}          | delivery.timeouts.connect: must be positive
          delivery: {maxDeliveriesPerConnection: 10}   | delivery.maxDeliveriesPerConnection: unknown field
          """)
  void badDeliveryValueIsReportedWithItsFieldPath(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(message);
  }
}
