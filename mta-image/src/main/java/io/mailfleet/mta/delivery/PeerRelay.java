package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.DeliveryTimeouts;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.dkim.DkimSigner;
import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.DeliveryReplies;
import io.mailfleet.mta.queue.NextHop;
import io.mailfleet.mta.queue.QueuedMessage;
import io.mailfleet.mta.spool.Spool;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One SMTP session with a peer MTA, opened on demand and reused for message after message, that
 * relays queued messages as they are: original envelope sender, the recipients still pending, the
 * spooled content. Not thread-safe: one transfer drives it.
 */
public final class PeerRelay implements AutoCloseable {

  /**
   * Refused transactions after which the session is renewed: servers close a session after so many
   * errors (ours after {@code smtp.limits.maxErrors}, 20 by default), which would break the next
   * transaction and cost a reconnect.
   */
  static final int MAX_REFUSALS_PER_SESSION = 5;

  private final NextHop peer;
  private final String ehloName;
  private final DeliveryTimeouts timeouts;
  private final Spool spool;
  private final OutboundTls tls = OutboundTls.create(null);

  /** A peer relays the message as it is: the peer signs it when it delivers. */
  private final DkimSigner unsigned;

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Bootstrap bootstrap;
  private OutboundConnection connection;
  private OutboundSession session;
  private int refusals;

  /**
   * A relay to {@code peer} that says EHLO {@code ehloName} and reads content from {@code spool}.
   * Peers are in the cluster, so the connection comes from the kernel's choice of address, not from
   * an egress source.
   */
  public PeerRelay(NextHop peer, String ehloName, DeliveryTimeouts timeouts, Spool spool) {
    this.peer = peer;
    this.ehloName = ehloName;
    this.timeouts = timeouts;
    this.spool = spool;
    this.unsigned = new DkimSigner(List.of(), Clock.systemUTC());
    this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
  }

  /** The peer this relay talks to. */
  public NextHop peer() {
    return peer;
  }

  /** Runs one mail transaction for {@code message}, connecting first when there is no session. */
  public RelayResult relay(QueuedMessage message) throws InterruptedException {
    if (session != null && refusals >= MAX_REFUSALS_PER_SESSION) {
      session.quit();
      disconnect();
    }
    if (session == null || !connection.isOpen()) {
      Optional<RelayResult.Unreachable> refused = connect();
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    // The peer is the site: the job's domain only names where it went in logs.
    DeliveryJob job = new DeliveryJob(message.message(), peer.toString(), message.recipients(), 0);
    RelayResult result;
    try {
      result = RelayResult.of(session.transact(job));
    } catch (DeliveryIoException e) {
      disconnect();
      if (e.contentDamaged()) {
        // Not the peer's fault: the message stays here (and bounces), the transfer goes on.
        return new RelayResult.Refused(List.of(), DeliveryReplies.contentDamaged(e.getCause()));
      }
      String reply = DeliveryReplies.connectionLost(e);
      return e.afterFinalDotSent() ? new RelayResult.Cut(reply) : new RelayResult.Broken(reply);
    } catch (RuntimeException e) {
      // The session may be inside DATA, where a QUIT would be content: drop it without one.
      disconnect();
      throw e;
    }
    if (result instanceof RelayResult.Refused) {
      refusals++;
    }
    if (result.reply().startsWith("421")) {
      // The peer is closing the session; the next message opens a new one.
      disconnect();
    }
    return result;
  }

  private Optional<RelayResult.Unreachable> connect() throws InterruptedException {
    disconnect();
    try {
      connection = OutboundConnection.open(bootstrap, peer, null, timeouts.connect());
      session = new OutboundSession(connection, timeouts, spool, tls, unsigned);
      // STARTTLS when the peer offers it; peers are in the cluster, so clear text is acceptable.
      Optional<OutboundSession.HopRefusal> refusal =
          session.open(ehloName, TlsPolicy.OPPORTUNISTIC);
      if (refusal.isEmpty()) {
        return Optional.empty();
      }
      String reply = refusal.get().reply() + " (from " + peer + ")";
      if (connection.isOpen()) {
        session.quit();
      }
      disconnect();
      return Optional.of(new RelayResult.Unreachable(reply));
    } catch (DeliveryIoException e) {
      disconnect();
      return Optional.of(new RelayResult.Unreachable(DeliveryReplies.unreachable(e)));
    }
  }

  private void disconnect() {
    if (connection != null) {
      connection.close();
    }
    connection = null;
    session = null;
    refusals = 0;
  }

  /** Says QUIT on an open session, then closes the connection and its event loop. */
  @Override
  public void close() throws InterruptedException {
    try {
      if (session != null && connection.isOpen()) {
        session.quit();
      }
    } finally {
      disconnect();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
