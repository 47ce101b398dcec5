package io.mailfleet.mta.delivery;

import io.mailfleet.mta.queue.NextHop;
import io.mailfleet.mta.queue.Placement;
import io.mailfleet.mta.queue.SiteLocator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Places recipient domains at sites: routes them (without blocking), then applies the rules. This
 * is the only routing a job gets: its connection goes to the hops found here.
 */
public final class SiteDirectory implements SiteLocator {

  private final Router router;
  private final SiteRules rules;

  public SiteDirectory(Router router, SiteRules rules) {
    this.router = router;
    this.rules = rules;
  }

  @Override
  public CompletableFuture<Placement> locate(String domain) {
    Optional<NextHop> target = router.staticRoute(domain);
    if (target.isPresent()) {
      return CompletableFuture.completedFuture(rules.routed(domain, target.get()));
    }
    return router.route(domain).thenApply(route -> place(domain, route));
  }

  private Placement place(String domain, Route route) {
    if (route instanceof Route.Hops hops) {
      return rules.exchanged(domain, hops.exchangers(), hops.hops());
    }
    if (route instanceof Route.NoService none) {
      return new Placement.NoService(none.reply());
    }
    return new Placement.Unresolved(((Route.Unresolved) route).reply());
  }
}
