package io.mailfleet.mta.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the writer writes, the loader reads back as the same configuration. */
class ConfigWriterTest {

  private final ConfigLoader loader = new ConfigLoader();

  private MtaConfig roundTrip(MtaConfig config) {
    return loader.parse("written", ConfigWriter.write(config));
  }

  @Test
  void defaultsReadBackAsTheDefaults() {
    assertThat(roundTrip(loader.defaults())).isEqualTo(loader.defaults());
  }

  @Test
  void everyOptionalBlockReadsBackAsWritten() {
    MtaConfig config =
        loader.parse(
            "test",
            """
            hostname: mx.example.com
            smtp:
              tls: {certificateFile: /etc/tls/tls.crt, privateKeyFile: /etc/tls/tls.key}
              auth: {usersFile: /etc/auth/users, requireTls: false}
            spool: {directory: /var/spool/mta, durability: BATCHED}
            admin: {address: 0.0.0.0, port: 9090, tokenFile: /etc/admin/token}
            inject: {address: 0.0.0.0, port: 9091, tokenFile: /etc/admin/token}
            shutdownGrace: 1500ms
            delivery:
              egress:
                pools:
                  - name: main
                    senderDomains: [example.com]
                    whenCapped: OVERFLOW
                    overflowPool: spare
                    sources: [{name: a, bindAddress: 10.0.0.5, ehloName: a.example.com, publicIp: 203.0.113.5, weight: 3, dailyCap: 1000}]
                  - name: spare
                    sources: [{name: b}]
              routes: {relay.example.com: 'smart:587'}
              dns: {resolver: '10.0.0.2:53', minTtl: 10s, maxTtl: 90m, negativeTtl: 1m}
              retry: {schedule: [5m, 90m], jitter: 0.1, maxAge: 72h}
              shaping:
                defaults: {maxConnections: 4, deliveriesPerConnection: 10, tls: REQUIRED}
                sites:
                  - name: google
                    domains: [gmail.com]
                    mxSuffixes: [.google.com]
                    limits: {maxConnections: 2, messagesPerHour: 3600, tls: VERIFIED}
                    suspension: {deferrals: 5, suspendFor: 1h}
              paused: true
              tlsCaFile: /etc/ca/ca.crt
              dkim: [{domain: example.com, selector: '2026', keyFile: /etc/dkim/private.key}]
              transferPeers: [.pods.mail.svc]
            """);

    assertThat(roundTrip(config)).isEqualTo(config);
  }

  @ParameterizedTest
  @CsvSource({"PT72H, 72h", "PT90M, 90m", "PT45S, 45s", "PT1.5S, 1500ms", "PT0S, 0h"})
  void durationsAreWrittenInTheirLargestExactUnit(Duration duration, String text) {
    assertThat(DurationText.format(duration)).isEqualTo(text);
    assertThat(DurationText.parse(text)).isEqualTo(duration);
  }
}
