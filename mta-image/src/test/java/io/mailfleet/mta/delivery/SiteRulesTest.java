package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.ShapingConfig;
import io.mailfleet.mta.config.ShapingLimits;
import io.mailfleet.mta.config.SiteLimits;
import io.mailfleet.mta.config.SiteShaping;
import io.mailfleet.mta.config.SuspensionRule;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.queue.NextHop;
import io.mailfleet.mta.queue.Placement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteRulesTest {

  private static final List<NextHop> HOPS = List.of(new NextHop("192.0.2.1", 25, "mx.test"));

  private static final ShapingLimits DEFAULTS =
      new ShapingLimits(20, 100, null, null, null, TlsPolicy.OPPORTUNISTIC);
  private static final SuspensionRule RULE =
      new SuspensionRule(5, Duration.ofMinutes(5), "^421", Duration.ofMinutes(10));

  private final SiteRules rules =
      new SiteRules(
          new ShapingConfig(
              DEFAULTS,
              List.of(
                  new SiteShaping(
                      "google",
                      List.of("gmail.com"),
                      List.of(".google.com"),
                      new ShapingLimits(5, null, null, 60, null, TlsPolicy.REQUIRED),
                      RULE),
                  new SiteShaping("partner", List.of("partner.example"), List.of(), null, null))));

  @Test
  void domainsWithTheSameMailExchangersShareOneSite() {
    Placement.AtSite one =
        rules.exchanged("one.test", List.of("mx1.host.test", "mx2.host.test"), HOPS);
    Placement.AtSite two =
        rules.exchanged("two.test", List.of("mx1.host.test", "mx2.host.test"), HOPS);

    assertThat(one.site()).isEqualTo("mx1.host.test,mx2.host.test").isEqualTo(two.site());
    assertThat(one.policy().label()).isEqualTo("other");
    assertThat(one.policy().limits())
        .isEqualTo(new SiteLimits(20, 100, null, null, null, TlsPolicy.OPPORTUNISTIC));
    assertThat(one.policy().suspension()).isNull();
  }

  @Test
  void domainsWithDifferentMailExchangersAreDifferentSites() {
    assertThat(rules.exchanged("one.test", List.of("mx.one.test"), HOPS).site())
        .isNotEqualTo(rules.exchanged("two.test", List.of("mx.two.test"), HOPS).site());
  }

  @Test
  void domainWhoseMailExchangerEndsInASuffixJoinsTheNamedSite() {
    Placement.AtSite hosted =
        rules.exchanged(
            "hosted.example", List.of("aspmx.l.google.com", "backup.other.example"), HOPS);

    assertThat(hosted.site()).isEqualTo("google");
    assertThat(hosted.policy().label()).isEqualTo("google");
    assertThat(hosted.policy().limits())
        .isEqualTo(new SiteLimits(5, 100, null, 60, null, TlsPolicy.REQUIRED));
    assertThat(hosted.policy().suspension()).isEqualTo(RULE);
  }

  @Test
  void domainListedByANamedSiteJoinsItWhateverItsMailExchangers() {
    assertThat(rules.exchanged("GMAIL.com", List.of("mx.elsewhere.test"), HOPS).site())
        .isEqualTo("google");
  }

  @Test
  void domainsOfOneNamedSiteKeepTheirOwnHosts() {
    Placement.AtSite first = rules.exchanged("t1.example", List.of("t1.mx.google.com"), HOPS);
    Placement.AtSite second = rules.exchanged("t2.example", List.of("t2.mx.google.com"), HOPS);
    Placement.AtSite routed = rules.routed("partner.example", new NextHop("127.0.0.1", 2525));

    assertThat(first.site()).isEqualTo("google").isEqualTo(second.site());
    assertThat(first.hosts()).isEqualTo("t1.mx.google.com");
    assertThat(second.hosts()).isEqualTo("t2.mx.google.com");
    assertThat(routed.site()).isEqualTo("partner");
    assertThat(routed.hosts()).isEqualTo("127.0.0.1:2525");
  }

  @Test
  void suffixMatchesOnlyTheEndOfTheHostName() {
    assertThat(rules.exchanged("x.test", List.of("google.com.evil.test"), HOPS).site())
        .isEqualTo("google.com.evil.test");
  }

  @Test
  void staticallyRoutedDomainsSiteIsTheRouteTargetUnlessANamedSiteListsIt() {
    NextHop smarthost = new NextHop("127.0.0.1", 2525);

    assertThat(rules.routed("a.test", smarthost).site()).isEqualTo("127.0.0.1:2525");
    assertThat(rules.routed("b.test", smarthost).site()).isEqualTo("127.0.0.1:2525");
    assertThat(rules.routed("partner.example", smarthost).site()).isEqualTo("partner");
  }
}
