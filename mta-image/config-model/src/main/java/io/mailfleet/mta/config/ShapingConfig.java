package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Limits per destination site: the defaults every site gets, and named sites with their own.
 *
 * @param defaults limits for every site; must give maxConnections, deliveriesPerConnection and tls
 * @param sites named sites, matched by recipient domain or MX host suffix
 */
public record ShapingConfig(ShapingLimits defaults, List<SiteShaping> sites) {

  /** The metric label of every site that no named site matches. */
  public static final String OTHER = "other";

  public ShapingConfig {
    requirePresent("defaults", defaults);
    try {
      SiteLimits.of(defaults);
    } catch (InvalidConfigException e) {
      throw e.under("defaults");
    }
    sites = sites == null ? List.of() : List.copyOf(sites);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sites.size(); i++) {
      if (!names.add(sites.get(i).name())) {
        throw new InvalidConfigException(
            "sites[" + i + "].name", "is used twice: " + sites.get(i).name());
      }
    }
  }

  /** The defaults as complete limits. */
  public SiteLimits defaultLimits() {
    return SiteLimits.of(defaults);
  }
}
