package io.mailfleet.mta.queue;

import java.util.Objects;

/**
 * What a ready queue is for: an egress pool (where connections come from) and a destination site.
 *
 * @param pool the egress pool's name ({@code default} when no pools are configured)
 * @param site the site's name: a named site, a static route's target, or the sorted MX hosts
 */
public record SiteKey(String pool, String site) {

  public SiteKey {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(site, "site");
  }

  @Override
  public String toString() {
    return pool + "/" + site;
  }
}
