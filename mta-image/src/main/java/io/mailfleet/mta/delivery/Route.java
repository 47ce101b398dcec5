package io.mailfleet.mta.delivery;

import io.mailfleet.mta.queue.NextHop;
import java.util.List;
import java.util.Objects;

/** Where a domain's mail can go right now, as routing and DNS said. */
public sealed interface Route permits Route.Hops, Route.NoService, Route.Unresolved {

  /** Why mail cannot go now, as an SMTP-style reply; empty for hops. */
  String reply();

  /**
   * Hosts to try in order (MX preference, then addresses; or a static route), and the mail
   * exchangers' names sorted ({@code [domain]} with no MX records; empty for a static route).
   */
  record Hops(List<NextHop> hops, List<String> exchangers) implements Route {
    public Hops {
      hops = List.copyOf(hops);
      exchangers = List.copyOf(exchangers);
      if (hops.isEmpty()) {
        throw new IllegalArgumentException("a route needs at least one hop");
      }
    }

    @Override
    public String reply() {
      return "";
    }
  }

  /** The domain accepts no mail (null MX, RFC 7505; or it does not exist): a permanent failure. */
  record NoService(String reply) implements Route {
    public NoService {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** DNS failed or gave no usable address: try again later. */
  record Unresolved(String reply) implements Route {
    public Unresolved {
      Objects.requireNonNull(reply, "reply");
    }
  }
}
