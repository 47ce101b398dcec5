package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.DeliveryTimeouts;
import io.mailfleet.mta.egress.EgressSource;
import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.DeliveryResult;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.queue.SiteTransport;
import io.mailfleet.mta.spool.Spool;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.smtp.SmtpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a site's batch over SMTP: routes it (static route or MX), picks the first next hop that
 * answers from the leased egress source (its bind address and EHLO name), then carries the jobs one
 * transaction after another over that one connection (connection reuse), and says QUIT.
 */
public final class SmtpSiteTransport implements SiteTransport, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpSiteTransport.class);

  private final Router router;
  private final DeliveryTimeouts timeouts;
  private final Spool spool;
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Bootstrap bootstrap;
  private final MxResolver mx;

  /**
   * A transport over static {@code routes} (domain to {@code host:port}), else MX lookups asking
   * {@code resolver} ({@code host:port}; {@code null}: the system's resolvers).
   */
  public SmtpSiteTransport(
      Map<String, String> routes, String resolver, DeliveryTimeouts timeouts, Spool spool) {
    this.mx =
        new MxResolver(
            group.next(), resolver == null ? null : NextHop.parse(resolver).socketAddress());
    this.router = new Router(routes, mx);
    this.timeouts = timeouts;
    this.spool = spool;
    this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
  }

  @Override
  public List<Map<String, DeliveryResult>> deliver(
      String site, EgressSource source, List<DeliveryJob> batch) {
    try {
      Route route = router.route(site);
      if (route instanceof Route.NoService none) {
        return outcomeForAll(batch, new PermanentFailure(none.reply()));
      }
      if (route instanceof Route.Unresolved unresolved) {
        return failAll(batch, unresolved.reply());
      }
      return deliver(((Route.Hops) route).hops(), source, batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failAll(batch, "451 4.3.2 delivery interrupted (shutting down)");
    }
  }

  private List<Map<String, DeliveryResult>> deliver(
      List<NextHop> hops, EgressSource source, List<DeliveryJob> batch)
      throws InterruptedException {
    String lastFailure = "451 4.4.1 no next hop answered";
    for (NextHop hop : hops) {
      OutboundConnection connection;
      try {
        connection =
            OutboundConnection.open(bootstrap, hop, source.localSocket(), timeouts.connect());
      } catch (DeliveryIoException e) {
        lastFailure = "451 4.4.1 " + e.getMessage();
        continue;
      }
      try {
        OutboundSession session = new OutboundSession(connection, timeouts, spool);
        SmtpResponse refusal = session.open(source.ehloName());
        if (refusal != null) {
          lastFailure = OutboundConnection.text(refusal) + " (from " + hop + ")";
          session.quit();
          continue;
        }
        return carry(session, batch);
      } catch (DeliveryIoException e) {
        lastFailure = "451 4.4.2 " + e.getMessage();
      } finally {
        connection.close();
      }
    }
    return failAll(batch, lastFailure);
  }

  private List<Map<String, DeliveryResult>> carry(OutboundSession session, List<DeliveryJob> batch)
      throws InterruptedException {
    List<Map<String, DeliveryResult>> results = new ArrayList<>();
    String broken = null;
    for (DeliveryJob job : batch) {
      if (broken != null) {
        results.add(failAll(job, broken));
        continue;
      }
      try {
        results.add(session.transact(job));
      } catch (DeliveryIoException e) {
        LOG.info("message {}: {}", job.message().id(), e.getMessage());
        broken = "451 4.4.2 " + e.getMessage();
        results.add(failAll(job, broken));
      }
    }
    if (broken == null) {
      session.quit();
    }
    return results;
  }

  private static List<Map<String, DeliveryResult>> failAll(List<DeliveryJob> batch, String reply) {
    return outcomeForAll(batch, new TransientFailure(reply));
  }

  private static Map<String, DeliveryResult> failAll(DeliveryJob job, String reply) {
    Map<String, DeliveryResult> results = new LinkedHashMap<>();
    job.recipients().forEach(r -> results.put(r, new TransientFailure(reply)));
    return results;
  }

  private static List<Map<String, DeliveryResult>> outcomeForAll(
      List<DeliveryJob> batch, DeliveryResult outcome) {
    List<Map<String, DeliveryResult>> results = new ArrayList<>();
    for (DeliveryJob job : batch) {
      Map<String, DeliveryResult> each = new LinkedHashMap<>();
      job.recipients().forEach(r -> each.put(r, outcome));
      results.add(each);
    }
    return results;
  }

  @Override
  public void close() {
    mx.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
