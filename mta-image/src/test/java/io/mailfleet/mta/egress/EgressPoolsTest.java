package io.mailfleet.mta.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.EgressConfig;
import io.mailfleet.mta.config.EgressPoolConfig;
import io.mailfleet.mta.config.EgressSourceConfig;
import io.mailfleet.mta.config.WhenCapped;
import io.mailfleet.mta.queue.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EgressPoolsTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T22:00:00Z"));

  private static EgressSourceConfig source(String name, int weight, Long dailyCap) {
    return new EgressSourceConfig(name, null, null, null, weight, dailyCap);
  }

  private static EgressPoolConfig pool(
      String name, List<String> domains, String overflow, EgressSourceConfig... sources) {
    return new EgressPoolConfig(
        name,
        domains,
        overflow == null ? WhenCapped.WAIT : WhenCapped.OVERFLOW,
        overflow,
        List.of(sources));
  }

  private EgressPools pools(EgressPoolConfig... pools) {
    return pools(new DailySends(clock, null), pools);
  }

  private EgressPools pools(DailySends sends, EgressPoolConfig... pools) {
    return new EgressPools(
        new EgressConfig(List.of(pools)), "mta.main.example", sends, new Random(7));
  }

  @Test
  void sourcesAreChosenInProportionToTheirWeights() {
    EgressPools pools =
        pools(pool("p", List.of(), null, source("a", 1, null), source("b", 3, null)));
    Map<String, Integer> chosen = new HashMap<>();

    for (int i = 0; i < 8000; i++) {
      EgressLease lease = pools.lease("p", 1).orElseThrow();
      chosen.merge(lease.source().name(), 1, Integer::sum);
    }

    assertThat(chosen.get("a")).isBetween(1800, 2200);
    assertThat(chosen.get("b")).isBetween(5800, 6200);
  }

  @Test
  void leaseReservesNoMoreThanTheCapLeavesAndCountsItAsSent() {
    EgressPools pools = pools(pool("p", List.of(), null, source("cold", 1, 5L)));

    EgressLease first = pools.lease("p", 3).orElseThrow();
    EgressLease second = pools.lease("p", 3).orElseThrow();

    assertThat(first.allowed()).isEqualTo(3);
    assertThat(second.allowed()).isEqualTo(2);
    assertThat(pools.sentToday("cold")).isEqualTo(5);
    assertThat(pools.lease("p", 1)).isEmpty();
    assertThat(pools.cappedWaits("p")).isEqualTo(1);
  }

  @Test
  void unusedReservationsGoBackToTheCap() {
    EgressPools pools = pools(pool("p", List.of(), null, source("cold", 1, 5L)));

    EgressLease lease = pools.lease("p", 5).orElseThrow();
    pools.giveBack(lease, 4);

    assertThat(pools.sentToday("cold")).isEqualTo(1);
    assertThat(pools.lease("p", 10).orElseThrow().allowed()).isEqualTo(4);
  }

  @Test
  void cappedSourceIsSkippedWhileASiblingHasRoom() {
    EgressPools pools =
        pools(pool("p", List.of(), null, source("cold", 100, 1L), source("warm", 1, null)));
    pools.lease("p", 1);
    while (pools.sentToday("cold") == 0) {
      pools.lease("p", 1);
    }

    for (int i = 0; i < 50; i++) {
      assertThat(pools.lease("p", 1).orElseThrow().source().name()).isEqualTo("warm");
    }
    assertThat(pools.sources())
        .filteredOn(s -> s.name().equals("cold"))
        .singleElement()
        .satisfies(s -> assertThat(s.capped()).isTrue());
  }

  @Test
  void cappedPoolWithOverflowLeasesFromTheOverflowPoolUnderItsCaps() {
    EgressPools pools =
        pools(
            pool("new", List.of(), "old", source("cold", 1, 2L)),
            pool("old", List.of(), null, source("warm", 1, 3L)));

    EgressLease own = pools.lease("new", 5).orElseThrow();
    EgressLease overflow = pools.lease("new", 5).orElseThrow();

    assertThat(own.source().name()).isEqualTo("cold");
    assertThat(own.allowed()).isEqualTo(2);
    assertThat(overflow.pool()).isEqualTo("old");
    assertThat(overflow.source().name()).isEqualTo("warm");
    assertThat(overflow.allowed()).isEqualTo(3);
    assertThat(pools.lease("new", 1)).as("the overflow pool is capped too").isEmpty();
    assertThat(pools.overflows("new")).isEqualTo(2);
    assertThat(pools.cappedWaits("old")).isEqualTo(1);
  }

  @Test
  void poolsOverflowingIntoEachOtherGiveUpOnceBothAreCapped() {
    EgressPools pools =
        pools(
            pool("a", List.of(), "b", source("a1", 1, 1L)),
            pool("b", List.of(), "a", source("b1", 1, 1L)));

    assertThat(pools.lease("a", 1)).isPresent();
    assertThat(pools.lease("a", 1)).isPresent();
    assertThat(pools.lease("a", 1)).isEmpty();
  }

  @Test
  void capsResetAtUtcMidnightAndANewDayStartsFromZero() {
    EgressPools pools = pools(pool("p", List.of(), null, source("cold", 1, 2L)));
    pools.lease("p", 2).orElseThrow();
    assertThat(pools.lease("p", 1)).isEmpty();
    assertThat(pools.capsResetAt()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));

    clock.advance(Duration.ofHours(2));

    assertThat(pools.sentToday("cold")).isZero();
    assertThat(pools.lease("p", 5).orElseThrow().allowed()).isEqualTo(2);
    assertThat(pools.capsResetAt()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
  }

  @Test
  void leaseOfYesterdayGivesNothingBackToToday() {
    EgressPools pools = pools(pool("p", List.of(), null, source("cold", 1, 10L)));
    EgressLease yesterday = pools.lease("p", 10).orElseThrow();
    clock.advance(Duration.ofHours(2));
    pools.lease("p", 3).orElseThrow();

    pools.giveBack(yesterday, 10);

    assertThat(pools.sentToday("cold")).isEqualTo(3);
  }

  @Test
  void senderDomainOrParentDomainPicksThePoolAndBouncesUseTheFirst() {
    EgressPools pools =
        pools(
            pool("shared", List.of(), null, source("s", 1, null)),
            pool("brand", List.of("brand.example"), null, source("b", 1, null)));

    assertThat(pools.poolFor("news@brand.example")).isEqualTo("brand");
    assertThat(pools.poolFor("news@mail.Brand.Example")).isEqualTo("brand");
    assertThat(pools.poolFor("news@otherbrand.example")).isEqualTo("shared");
    assertThat(pools.poolFor("someone@else.example")).isEqualTo("shared");
    assertThat(pools.poolFor("")).isEqualTo("shared");
    assertThat(pools.poolFor(null)).isEqualTo("shared");
  }

  @Test
  void sourceWithoutEhloNameUsesTheHostname() {
    EgressPools pools = pools(pool("p", List.of(), null, source("s", 1, null)));

    assertThat(pools.lease("p", 1).orElseThrow().source().ehloName()).isEqualTo("mta.main.example");
  }
}
