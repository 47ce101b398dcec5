package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.DeliveryTimeouts;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.dkim.DkimSigner;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a site's batch over SMTP: routes it (static route or MX), picks the first next hop that
 * answers, then carries the jobs one transaction after another over that one connection (connection
 * reuse), and says QUIT.
 */
public final class SmtpSiteTransport implements SiteTransport, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpSiteTransport.class);

  private final Router router;
  private final EgressSource source;
  private final DeliveryTimeouts timeouts;
  private final Spool spool;
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Bootstrap bootstrap;
  private final MxResolver mx;
  private final TlsPolicy tlsPolicy;
  private final OutboundTls tls;
  private final DkimSigner signer;

  /**
   * A transport over static {@code routes} (domain to {@code host:port}), else MX lookups asking
   * {@code resolver} ({@code host:port}; {@code null}: the system's resolvers), using STARTTLS as
   * {@code tlsPolicy} says (verified TLS trusting {@code tlsCaFile}, or the JDK's trust store when
   * null) and signing with {@code signer}.
   */
  public SmtpSiteTransport(
      Map<String, String> routes,
      String resolver,
      EgressSource source,
      DeliveryTimeouts timeouts,
      Spool spool,
      TlsPolicy tlsPolicy,
      Path tlsCaFile,
      DkimSigner signer) {
    this.mx =
        new MxResolver(
            group.next(), resolver == null ? null : NextHop.parse(resolver).socketAddress());
    this.router = new Router(routes, mx);
    this.source = source;
    this.timeouts = timeouts;
    this.spool = spool;
    this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
    this.tlsPolicy = tlsPolicy;
    this.tls = OutboundTls.create(tlsCaFile);
    this.signer = signer;
  }

  @Override
  public List<Map<String, DeliveryResult>> deliver(String site, List<DeliveryJob> batch) {
    try {
      Route route = router.route(site);
      if (route instanceof Route.NoService none) {
        return outcomeForAll(batch, new PermanentFailure(none.reply()));
      }
      if (route instanceof Route.Unresolved unresolved) {
        return failAll(batch, unresolved.reply());
      }
      return deliver(((Route.Hops) route).hops(), batch, tlsPolicy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failAll(batch, "451 4.3.2 delivery interrupted (shutting down)");
    }
  }

  private List<Map<String, DeliveryResult>> deliver(
      List<NextHop> hops, List<DeliveryJob> batch, TlsPolicy policy) throws InterruptedException {
    String lastFailure = "451 4.4.1 no next hop answered";
    for (NextHop hop : hops) {
      HopAttempt attempt = attempt(hop, batch, policy, true);
      if (attempt.retryInClearText()) {
        LOG.info("{}; trying {} again without TLS", attempt.failure(), hop);
        attempt = attempt(hop, batch, policy, false);
      }
      if (attempt.results() != null) {
        return attempt.results();
      }
      lastFailure = attempt.failure();
    }
    return failAll(batch, lastFailure);
  }

  /** One connection to one hop: the batch's results, or why the hop took none of it. */
  private record HopAttempt(
      List<Map<String, DeliveryResult>> results, String failure, boolean retryInClearText) {}

  private HopAttempt attempt(
      NextHop hop, List<DeliveryJob> batch, TlsPolicy policy, boolean startTls)
      throws InterruptedException {
    OutboundConnection connection;
    try {
      connection =
          OutboundConnection.open(bootstrap, hop, source.localSocket(), timeouts.connect());
    } catch (DeliveryIoException e) {
      return new HopAttempt(null, "451 4.4.1 " + e.getMessage(), false);
    }
    try {
      OutboundSession session = new OutboundSession(connection, timeouts, spool, tls, signer);
      Optional<OutboundSession.HopRefusal> refusal =
          startTls
              ? session.open(source.ehloName(), policy)
              : session.openInClearText(source.ehloName());
      if (refusal.isPresent()) {
        if (connection.isOpen()) {
          session.quit();
        }
        return new HopAttempt(null, refusal.get().reply(), refusal.get().retryInClearText());
      }
      return new HopAttempt(carry(session, batch), null, false);
    } catch (DeliveryIoException e) {
      return new HopAttempt(null, "451 4.4.2 " + e.getMessage(), false);
    } finally {
      connection.close();
    }
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
