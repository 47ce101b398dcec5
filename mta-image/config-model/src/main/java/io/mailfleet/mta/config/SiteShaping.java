package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.util.List;
import java.util.Locale;

/**
 * A named site: the recipient domains it lists and those whose MX hosts end in one of its suffixes
 * share its limits and one ready queue.
 *
 * @param name the site's name, unique; it labels the site's metrics
 * @param domains recipient domains of the site, lower-cased
 * @param mxSuffixes MX host suffixes such as {@code .google.com}, lower-cased
 * @param limits its limits; unset fields take the defaults
 * @param suspension when repeated deferrals pause the site; {@code null}: never
 */
public record SiteShaping(
    String name,
    List<String> domains,
    List<String> mxSuffixes,
    ShapingLimits limits,
    SuspensionRule suspension) {

  public SiteShaping {
    if (requirePresent("name", name).isBlank() || !name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
      throw new InvalidConfigException("name", "must be a DNS label: " + name);
    }
    if (name.equals(ShapingConfig.OTHER)) {
      throw new InvalidConfigException("name", "'other' names the sites no rule matches");
    }
    domains = lowerCase(domains);
    mxSuffixes = lowerCase(mxSuffixes);
    if (domains.isEmpty() && mxSuffixes.isEmpty()) {
      throw new InvalidConfigException("domains", "a site needs domains or mxSuffixes");
    }
    limits = limits == null ? new ShapingLimits(null, null, null, null, null, null) : limits;
  }

  private static List<String> lowerCase(List<String> names) {
    return names == null ? List.of() : names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }
}
