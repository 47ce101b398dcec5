package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.SiteLimits;
import io.mailfleet.mta.config.TlsPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** Sites and transports for queue tests: one site per domain, outcomes from a function. */
final class TestSites {

  private TestSites() {}

  /** Limits with {@code maxConnections} and {@code perConnection}, no rate limits. */
  static SiteLimits limits(int maxConnections, int perConnection) {
    return new SiteLimits(maxConnections, perConnection, null, null, null, TlsPolicy.OPPORTUNISTIC);
  }

  /** Where test placements send connections; the test transports never connect. */
  static final List<NextHop> HOPS = List.of(new NextHop("127.0.0.1", 25));

  /** Every domain is a site of its own, named after it, with {@code limits}. */
  static SiteLocator byDomain(SiteLimits limits) {
    return domain ->
        CompletableFuture.completedFuture(
            new Placement.AtSite(domain, new SitePolicy("other", limits, null), domain, HOPS));
  }

  /** A transport answering per batch with {@code outcomes(site name, batch)}. */
  static SiteTransport transport(
      BiFunction<String, List<DeliveryJob>, List<Map<String, DeliveryResult>>> outcomes) {
    return (plan, batch, ended) ->
        new BatchResult(outcomes.apply(plan.site().site(), batch), "test", "127.0.0.1:25");
  }
}
