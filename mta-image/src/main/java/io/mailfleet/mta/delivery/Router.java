package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.DnsConfig;
import io.mailfleet.mta.queue.DeliveryReplies;
import io.mailfleet.mta.queue.NextHop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Where mail for a domain goes: its static route (smarthost) when it has one, else its mail
 * exchangers from DNS, looked up asynchronously on a DNS event loop of its own.
 */
public final class Router implements AutoCloseable {

  private final Map<String, NextHop> routes;
  private final EventLoopGroup loop;
  private final MxResolver mx;

  /**
   * A router over static routes from domain to {@code host:port}, then MX lookups per {@code dns}.
   */
  public Router(Map<String, String> routes, DnsConfig dns, Clock clock) {
    this.routes =
        routes.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), e -> NextHop.parse(e.getValue())));
    this.loop = new NioEventLoopGroup(1);
    this.mx = new MxResolver(loop.next(), dns, clock);
  }

  /** The static route of {@code domain}, if it has one. */
  Optional<NextHop> staticRoute(String domain) {
    return Optional.ofNullable(routes.get(domain.toLowerCase(Locale.ROOT)));
  }

  /** The route for {@code domain}; completes without blocking, never exceptionally. */
  CompletableFuture<Route> route(String domain) {
    Optional<NextHop> hop = staticRoute(domain);
    if (hop.isPresent()) {
      return CompletableFuture.completedFuture(new Route.Hops(List.of(hop.get()), List.of()));
    }
    if (domain.isEmpty()) {
      return CompletableFuture.completedFuture(new Route.NoService(DeliveryReplies.NO_DOMAIN));
    }
    return mx.resolve(domain);
  }

  @Override
  public void close() {
    mx.close();
    loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
