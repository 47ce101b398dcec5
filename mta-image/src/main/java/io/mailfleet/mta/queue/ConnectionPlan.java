package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.SiteLimits;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.egress.EgressSource;
import java.util.Objects;

/**
 * What one outbound connection is for.
 *
 * @param site the (pool, site) whose jobs it carries
 * @param routeDomain a recipient domain of the site, to route the connection by
 * @param limits the site's limits in force (STARTTLS policy included)
 * @param source the leased egress source the connection comes from (bind address, EHLO name)
 */
public record ConnectionPlan(
    SiteKey site, String routeDomain, SiteLimits limits, EgressSource source) {

  public ConnectionPlan {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(routeDomain, "routeDomain");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(source, "source");
  }

  /** How STARTTLS is used towards the site. */
  public TlsPolicy tls() {
    return limits.tls();
  }
}
