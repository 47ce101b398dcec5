package io.mailfleet.mta.queue;

import java.util.List;
import java.util.Objects;

/** Where routing puts a recipient domain's jobs: a site's ready queue, or nowhere (and why). */
public sealed interface Placement
    permits Placement.AtSite, Placement.NoService, Placement.Unresolved {

  /**
   * The domain belongs to {@code site}, shaped by {@code policy}; its mail goes to {@code hosts}
   * (its sorted MX host names, or its static route's target), reached over {@code hops} (those
   * hosts' addresses in the order to try them, as routing found them). A site may hold domains with
   * other hosts (a named site); only jobs with the same hosts share a connection, and the
   * connection goes to the hops placement found, without routing again.
   */
  record AtSite(String site, SitePolicy policy, String hosts, List<NextHop> hops)
      implements Placement {
    public AtSite {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(hosts, "hosts");
      hops = List.copyOf(hops);
      if (hops.isEmpty()) {
        throw new IllegalArgumentException("a placement at a site needs at least one hop");
      }
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
