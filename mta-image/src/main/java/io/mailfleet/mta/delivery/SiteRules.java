package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.ShapingConfig;
import io.mailfleet.mta.config.SiteLimits;
import io.mailfleet.mta.config.SiteShaping;
import io.mailfleet.mta.queue.NextHop;
import io.mailfleet.mta.queue.Placement;
import io.mailfleet.mta.queue.SitePolicy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which site a routed domain belongs to, and its shaping. In order: a named site that lists the
 * domain; a static route's target; a named site with a suffix of one of the domain's MX hosts; else
 * the MX rollup, named by the sorted MX hosts, so domains with the same hosts share a site. Sites
 * no rule names take the default limits and the metric label {@code other}. Every placement also
 * names the domain's hosts, so that a named site's connections each carry mail for one set of
 * hosts, and the hops its connections go to. No I/O.
 */
public final class SiteRules {

  private final List<SiteShaping> named;
  private final SiteLimits defaults;
  private final SitePolicy unnamed;

  public SiteRules(ShapingConfig shaping) {
    this.named = shaping.sites();
    this.defaults = shaping.defaultLimits();
    this.unnamed = new SitePolicy(ShapingConfig.OTHER, defaults, null);
  }

  /** The site of {@code domain}, statically routed to {@code target}. */
  public Placement.AtSite routed(String domain, NextHop target) {
    String hosts = target.toString();
    List<NextHop> hops = List.of(target);
    return byDomain(domain, hosts, hops)
        .orElseGet(() -> new Placement.AtSite(hosts, unnamed, hosts, hops));
  }

  /**
   * The site of {@code domain}, whose mail exchangers are {@code exchangers} (sorted), reached over
   * {@code hops} (their addresses, in the order to try them).
   */
  public Placement.AtSite exchanged(String domain, List<String> exchangers, List<NextHop> hops) {
    String hosts = String.join(",", exchangers);
    return byDomain(domain, hosts, hops)
        .or(() -> bySuffix(exchangers, hosts, hops))
        .orElseGet(() -> new Placement.AtSite(hosts, unnamed, hosts, hops));
  }

  private Optional<Placement.AtSite> byDomain(String domain, String hosts, List<NextHop> hops) {
    String lower = domain.toLowerCase(Locale.ROOT);
    return named.stream()
        .filter(s -> s.domains().contains(lower))
        .findFirst()
        .map(s -> site(s, hosts, hops));
  }

  private Optional<Placement.AtSite> bySuffix(
      List<String> exchangers, String hosts, List<NextHop> hops) {
    return named.stream()
        .filter(s -> exchangers.stream().anyMatch(host -> endsWithAny(host, s.mxSuffixes())))
        .findFirst()
        .map(s -> site(s, hosts, hops));
  }

  private static boolean endsWithAny(String host, List<String> suffixes) {
    String lower = host.toLowerCase(Locale.ROOT);
    return suffixes.stream().anyMatch(lower::endsWith);
  }

  private Placement.AtSite site(SiteShaping shaping, String hosts, List<NextHop> hops) {
    return new Placement.AtSite(
        shaping.name(),
        new SitePolicy(shaping.name(), shaping.limits().over(defaults), shaping.suspension()),
        hosts,
        hops);
  }
}
