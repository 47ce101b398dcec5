package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.DeliveryTimeouts;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.dkim.DkimSigner;
import io.mailfleet.mta.egress.EgressSource;
import io.mailfleet.mta.queue.BatchResult;
import io.mailfleet.mta.queue.ConnectionPlan;
import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.DeliveryReplies;
import io.mailfleet.mta.queue.DeliveryResult;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.queue.NextHop;
import io.mailfleet.mta.queue.SiteTransport;
import io.mailfleet.mta.queue.TransactionEnded;
import io.mailfleet.mta.spool.Spool;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a site's batch over SMTP: tries the hops its placement found, in order, from the leased
 * egress source (its bind address and EHLO name), and over the first that answers carries the jobs
 * one transaction after another (connection reuse), then says QUIT. It does not route: the batch
 * was routed once, when its jobs were placed.
 */
public final class SmtpSiteTransport implements SiteTransport, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpSiteTransport.class);

  private final DeliveryTimeouts timeouts;
  private final Spool spool;
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Bootstrap bootstrap;
  private final OutboundTls tls;
  private final DkimSigner signer;

  /**
   * A transport using STARTTLS as each site's policy says (verified TLS trusting {@code tlsCaFile},
   * or the JDK's trust store when null) and signing with {@code signer}.
   */
  public SmtpSiteTransport(
      DeliveryTimeouts timeouts, Spool spool, Path tlsCaFile, DkimSigner signer) {
    this.timeouts = timeouts;
    this.spool = spool;
    this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
    this.tls = OutboundTls.create(tlsCaFile);
    this.signer = signer;
  }

  @Override
  public BatchResult deliver(ConnectionPlan plan, List<DeliveryJob> batch, TransactionEnded ended) {
    try {
      return deliver(plan.hops(), plan.source(), plan.tls(), batch, ended);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return result(failAll(batch, DeliveryReplies.INTERRUPTED), plan.source(), null);
    }
  }

  private BatchResult deliver(
      List<NextHop> hops,
      EgressSource source,
      TlsPolicy policy,
      List<DeliveryJob> batch,
      TransactionEnded ended)
      throws InterruptedException {
    String lastFailure = DeliveryReplies.NO_HOP_ANSWERED;
    for (NextHop hop : hops) {
      HopAttempt attempt = attempt(hop, source, batch, policy, true, ended);
      if (attempt.retryInClearText()) {
        LOG.info("{}; trying {} again without TLS", attempt.failure(), hop);
        attempt = attempt(hop, source, batch, policy, false, ended);
      }
      if (attempt.results() != null) {
        return result(attempt.results(), source, hop);
      }
      lastFailure = attempt.failure();
    }
    return result(failAll(batch, lastFailure), source, null);
  }

  /** One connection to one hop: the batch's results, or why the hop took none of it. */
  private record HopAttempt(
      List<Map<String, DeliveryResult>> results, String failure, boolean retryInClearText) {}

  private HopAttempt attempt(
      NextHop hop,
      EgressSource source,
      List<DeliveryJob> batch,
      TlsPolicy policy,
      boolean startTls,
      TransactionEnded ended)
      throws InterruptedException {
    OutboundConnection connection;
    try {
      connection =
          OutboundConnection.open(bootstrap, hop, source.localSocket(), timeouts.connect());
    } catch (DeliveryIoException e) {
      return new HopAttempt(null, DeliveryReplies.unreachable(e), false);
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
      return new HopAttempt(
          carry(session, batch, ended, from(source), hop.toString()), null, false);
    } catch (DeliveryIoException e) {
      return new HopAttempt(null, DeliveryReplies.connectionLost(e), false);
    } finally {
      connection.close();
    }
  }

  private static BatchResult result(
      List<Map<String, DeliveryResult>> outcomes, EgressSource source, NextHop remote) {
    return new BatchResult(outcomes, from(source), remote == null ? null : remote.toString());
  }

  /** Where a connection came from, for the event log: the EHLO name and the bind address. */
  private static String from(EgressSource source) {
    return source.bindAddress() == null
        ? source.ehloName()
        : source.ehloName() + "/" + source.bindAddress();
  }

  /**
   * Carries the batch over an open session, one transaction after another, telling {@code ended} of
   * each transaction the peer answered to the end (its message may be settled at once).
   */
  private List<Map<String, DeliveryResult>> carry(
      OutboundSession session,
      List<DeliveryJob> batch,
      TransactionEnded ended,
      String source,
      String remote)
      throws InterruptedException {
    List<Map<String, DeliveryResult>> results = new ArrayList<>();
    String broken = null;
    for (DeliveryJob job : batch) {
      if (broken != null) {
        results.add(failAll(job, broken));
        continue;
      }
      Map<String, DeliveryResult> outcomes;
      try {
        outcomes = session.transact(job);
      } catch (DeliveryIoException e) {
        LOG.info("message {}: {}", job.message().id(), e.getMessage());
        broken = DeliveryReplies.connectionLost(e);
        results.add(
            e.contentDamaged()
                ? job.outcomeForAll(
                    new PermanentFailure(DeliveryReplies.contentDamaged(e.getCause())))
                : failAll(job, broken));
        continue;
      } catch (InterruptedException e) {
        // Shutting down: keep the outcomes already had (those messages were delivered), retry
        // the rest after the restart.
        Thread.currentThread().interrupt();
        broken = DeliveryReplies.INTERRUPTED;
        results.add(failAll(job, broken));
        continue;
      } catch (RuntimeException e) {
        // A bug for this message (e.g. a key that cannot sign): the outcomes had so far stand,
        // this job and the rest are retried, and the connection, in an unknown state, is dropped.
        LOG.error("message {}: delivery failed unexpectedly", job.message().id(), e);
        broken = DeliveryReplies.localError(e);
        results.add(failAll(job, broken));
        continue;
      }
      results.add(outcomes);
      ended.ended(job, outcomes, source, remote);
    }
    if (broken == null) {
      session.quit();
    }
    return results;
  }

  private static List<Map<String, DeliveryResult>> failAll(List<DeliveryJob> batch, String reply) {
    return batch.stream().map(job -> failAll(job, reply)).toList();
  }

  private static Map<String, DeliveryResult> failAll(DeliveryJob job, String reply) {
    return job.outcomeForAll(new TransientFailure(reply));
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
