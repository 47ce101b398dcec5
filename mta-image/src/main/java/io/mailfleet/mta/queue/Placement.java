package io.mailfleet.mta.queue;

import java.util.Objects;

/** Where routing puts a recipient domain's jobs: a site's ready queue, or nowhere (and why). */
public sealed interface Placement
    permits Placement.AtSite, Placement.NoService, Placement.Unresolved {

  /**
   * The domain belongs to {@code site}, shaped by {@code policy}; its mail goes to {@code hosts}
   * (its sorted MX host names, or its static route's target). A site may hold domains with other
   * hosts (a named site); only jobs with the same hosts share a connection.
   */
  record AtSite(String site, SitePolicy policy, String hosts) implements Placement {
    public AtSite {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(hosts, "hosts");
    }
  }

  /** The domain accepts no mail (null MX, or it does not exist): its jobs bounce at once. */
  record NoService(String reply) implements Placement {
    public NoService {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** DNS failed or gave no usable address: its jobs are retried on the normal schedule. */
  record Unresolved(String reply) implements Placement {
    public Unresolved {
      Objects.requireNonNull(reply, "reply");
    }
  }
}
