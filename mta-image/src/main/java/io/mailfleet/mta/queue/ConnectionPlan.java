package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.SiteLimits;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.egress.EgressSource;
import java.util.List;
import java.util.Objects;

/**
 * What one outbound connection is for.
 *
 * @param site the (pool, site) whose jobs it carries
 * @param hops where to connect, tried in order: the hops its jobs' placement found
 * @param limits the site's limits in force (STARTTLS policy included)
 * @param source the leased egress source the connection comes from (bind address, EHLO name)
 */
public record ConnectionPlan(
    SiteKey site, List<NextHop> hops, SiteLimits limits, EgressSource source) {

  public ConnectionPlan {
    Objects.requireNonNull(site, "site");
    hops = List.copyOf(hops);
    if (hops.isEmpty()) {
      throw new IllegalArgumentException("a connection needs at least one hop");
    }
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(source, "source");
  }

  /** How STARTTLS is used towards the site. */
  public TlsPolicy tls() {
    return limits.tls();
  }
}
