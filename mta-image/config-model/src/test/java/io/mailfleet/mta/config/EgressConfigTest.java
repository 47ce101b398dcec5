package io.mailfleet.mta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressConfigTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  private EgressConfig load(String yaml) throws IOException {
    return ConfigFile.load(dir, yaml).delivery().egress();
  }

  @Test
  void defaultIsOnePoolOfOneUncappedSourceOnTheKernelsAddress() {
    EgressConfig egress = loader.defaults().delivery().egress();

    assertThat(egress.pools())
        .singleElement()
        .satisfies(p -> assertThat(p.name()).isEqualTo("default"));
    EgressSourceConfig source = egress.pools().get(0).sources().get(0);
    assertThat(source.name()).isEqualTo("default");
    assertThat(source.bindAddress()).isNull();
    assertThat(source.ehloName()).isNull();
    assertThat(source.weight()).isEqualTo(1);
    assertThat(source.dailyCap()).isNull();
  }

  @Test
  void omittedPoolAndSourceFieldsTakeTheirDefaults() throws IOException {
    EgressConfig egress =
        load(
            """
            delivery:
              egress:
                pools:
                  - name: brand
                    senderDomains: [Brand.Example]
                    sources: [{name: o1, bindAddress: 10.0.1.17, dailyCap: 500}]
            """);

    EgressPoolConfig pool = egress.pools().get(0);
    assertThat(pool.whenCapped()).isEqualTo(WhenCapped.WAIT);
    assertThat(pool.senderDomains()).containsExactly("brand.example");
    assertThat(pool.sources().get(0).weight()).isEqualTo(1);
    assertThat(pool.sources().get(0).dailyCap()).isEqualTo(500);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          pools: []                                                                | delivery.egress.pools: needs at least one pool
          pools: [{name: a, sources: []}]                                          | delivery.egress.pools[0].sources: needs at least one source
          pools: [{name: a, sources: [{name: s, weight: 0}]}]                      | delivery.egress.pools[0].sources[0].weight: must be between 1
          pools: [{name: a, sources: [{name: s, dailyCap: -1}]}]                   | delivery.egress.pools[0].sources[0].dailyCap: must be between 0
          pools: [{name: a, sources: [{name: s, bindAddress: host.example}]}]      | delivery.egress.pools[0].sources[0].bindAddress: is not an IP address
          pools: [{name: a, sources: [{name: s, ehloName: 'bad name'}]}]           | delivery.egress.pools[0].sources[0].ehloName: is not a domain name
          pools: [{name: a, sources: [{name: s}, {name: s}]}]                      | delivery.egress.pools[0].sources[1].name: is used twice
          pools: [{name: a, sources: [{name: s}]}, {name: a, sources: [{name: t}]}] | delivery.egress.pools[1].name: is used twice
          pools: [{name: a, sources: [{name: s}]}, {name: b, sources: [{name: s}]}] | delivery.egress.pools[1].sources[0].name: is used by pool a too
          pools: [{name: a, whenCapped: OVERFLOW, sources: [{name: s}]}]           | delivery.egress.pools[0].overflowPool: is required when whenCapped is OVERFLOW
          pools: [{name: a, overflowPool: a, sources: [{name: s}]}]                | delivery.egress.pools[0].overflowPool: must name another pool
          pools: [{name: a, overflowPool: b, sources: [{name: s}]}]                | delivery.egress.pools[0].overflowPool: names no pool
          pools: [{name: a, senderDomains: ['x y'], sources: [{name: s}]}]         | delivery.egress.pools[0].senderDomains[0]: is not a domain name
          """)
  void badEgressValueIsReportedWithItsFieldPath(String pools, String message) {
    assertThatThrownBy(() -> load("delivery: {egress: {" + pools + "}}\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(message);
  }
}
