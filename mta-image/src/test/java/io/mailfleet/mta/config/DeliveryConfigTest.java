package io.mailfleet.mta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
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
    Path file = dir.resolve("mta.yaml");
    Files.writeString(file, yaml);
    return loader.load(file);
  }

  @Test
  void defaultsRetryForThreeDaysWithBackoffAndUseTheSystemResolver() {
    DeliveryConfig delivery = loader.defaults().delivery();

    assertThat(delivery.retry().maxAge()).isEqualTo(Duration.ofDays(3));
    assertThat(delivery.retry().initialDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(delivery.retry().multiplier()).isEqualTo(2.0);
    assertThat(delivery.resolver()).isNull();
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
    assertThat(delivery.retry().maxDelay()).isEqualTo(Duration.ofHours(4));
    assertThat(delivery.maxDeliveriesPerConnection()).isEqualTo(100);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          delivery: {routes: {a.example: smarthost}}   | delivery.routes.a.example: must be host:port
          delivery: {resolver: '10.0.0.1'}             | delivery.resolver: must be host:port
          delivery: {retry: {multiplier: 0.5}}         | delivery.retry.multiplier: must be at least 1
          delivery: {retry: {jitter: 2}}               | delivery.retry.jitter: must be between 0 and 1
          delivery: {retry: {initialDelay: 5h}}        | delivery.retry.maxDelay: must not be shorter than initialDelay
          delivery: {timeouts: {connect: 0s}}          | delivery.timeouts.connect: must be positive
          delivery: {maxDeliveriesPerConnection: 0}    | delivery.maxDeliveriesPerConnection: must be between 1
          """)
  void badDeliveryValueIsReportedWithItsFieldPath(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(message);
  }
}
