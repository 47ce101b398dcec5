package io.mailfleet.mta.smtp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A connection's way in under the limits: a place held while its PROXY header is awaited. */
final class ConnectionAdmission {

  private final ConnectionLimiter limiter;
  private boolean reserved;
  private ScheduledFuture<?> headerDeadline;

  ConnectionAdmission(ConnectionLimiter limiter) {
    this.limiter = limiter;
  }

  /**
   * Holds a place under the connection total until the PROXY header names the client, and runs
   * {@code late} on the event loop if it has not come within {@code timeout}: a connection waiting
   * for its header counts toward the total, and waits only briefly.
   *
   * @return false, with nothing held, when the connection total is reached
   */
  boolean awaitHeader(ChannelHandlerContext ctx, Duration timeout, Runnable late) {
    if (!limiter.tryReserve()) {
      return false;
    }
    reserved = true;
    headerDeadline = ctx.executor().schedule(late, timeout.toNanos(), TimeUnit.NANOSECONDS);
    return true;
  }

  /** The client is known: the header deadline no longer applies. */
  void clientKnown() {
    if (headerDeadline != null) {
      headerDeadline.cancel(false);
    }
  }

  /** Admits the client into the place held for it, or into a new one; false at a limit. */
  boolean admit(InetAddress client) {
    boolean slot = reserved ? limiter.tryAdmitReserved(client) : limiter.tryAcquire(client);
    if (slot) {
      reserved = false;
    }
    return slot;
  }

  /** Gives back the place of an admitted client. */
  void release(InetAddress client) {
    limiter.release(client);
  }

  /** The connection closed: stops the header deadline and gives back a place still held. */
  void closed() {
    clientKnown();
    if (reserved) {
      reserved = false;
      limiter.unreserve();
    }
  }
}
