package io.mailfleet.mta.delivery;

import java.util.List;
import java.util.Objects;

/** Where a domain's mail can go right now, as routing and DNS said. */
public sealed interface Route permits Route.Hops, Route.NoService, Route.Unresolved {

  /** Hosts to try in order (MX preference, then addresses; or a static route). */
  record Hops(List<NextHop> hops) implements Route {
    public Hops {
      hops = List.copyOf(hops);
      if (hops.isEmpty()) {
        throw new IllegalArgumentException("a route needs at least one hop");
      }
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
