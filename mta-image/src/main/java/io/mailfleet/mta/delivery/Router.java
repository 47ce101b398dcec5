package io.mailfleet.mta.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where mail for a domain goes: its static route (smarthost) when it has one, else its mail
 * exchangers from DNS.
 */
public final class Router {

  private final Map<String, NextHop> routes;
  private final MxResolver mx;

  /** A router over static routes from domain to {@code host:port}, then MX lookups. */
  Router(Map<String, String> routes, MxResolver mx) {
    this.routes =
        routes.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), e -> NextHop.parse(e.getValue())));
    this.mx = mx;
  }

  /** The route for {@code domain}; may wait for DNS, so call it from a delivery worker. */
  Route route(String domain) throws InterruptedException {
    NextHop hop = routes.get(domain.toLowerCase(Locale.ROOT));
    if (hop != null) {
      return new Route.Hops(List.of(hop));
    }
    if (domain.isEmpty()) {
      return new Route.NoService("553 5.1.3 recipient address has no domain");
    }
    return mx.resolve(domain);
  }
}
