package io.mailfleet.mta.delivery;

import io.mailfleet.mta.queue.NextHop;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One outbound SMTP connection, driven from a delivery worker thread: it writes requests and
 * content through the Netty pipeline and blocks the worker (never the event loop) for replies.
 */
final class OutboundConnection implements AutoCloseable {

  /** Longest reply line we accept; RFC 5321 allows 512, real servers send more. */
  private static final int MAX_REPLY_LINE = 4096;

  private static final String DECODER = "reply-decoder";

  private final Channel channel;
  private final BlockingQueue<Object> replies;
  private final NextHop hop;

  private OutboundConnection(Channel channel, BlockingQueue<Object> replies, NextHop hop) {
    this.channel = channel;
    this.replies = replies;
    this.hop = hop;
  }

  /** Connects to {@code hop}, from {@code source} when given, within {@code timeout}. */
  static OutboundConnection open(
      Bootstrap template, NextHop hop, InetSocketAddress source, Duration timeout)
      throws DeliveryIoException, InterruptedException {
    BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    Bootstrap bootstrap =
        template
            .clone()
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 600_000))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    // Bytes to multi-line replies (code + detail lines).
                    ch.pipeline().addLast(DECODER, new SmtpResponseDecoder(MAX_REPLY_LINE));
                    // Commands and content (with the final dot) to bytes.
                    ch.pipeline().addLast(new SmtpRequestEncoder());
                    // Replies to the waiting worker.
                    ch.pipeline().addLast(new OutboundReplyHandler(replies));
                  }
                });
    InetSocketAddress remote = new InetSocketAddress(hop.host(), hop.port());
    ChannelFuture connect =
        source == null ? bootstrap.connect(remote) : bootstrap.connect(remote, source);
    if (!connect.await(timeout.toMillis() + 1000) || !connect.isSuccess()) {
      connect.channel().close();
      Throwable cause = connect.cause();
      throw new DeliveryIoException(
          "cannot connect to " + hop + ": " + (cause == null ? "timed out" : cause.getMessage()));
    }
    return new OutboundConnection(connect.channel(), replies, hop);
  }

  NextHop hop() {
    return hop;
  }

  /** Writes and flushes {@code messages} (requests or content) at once: one pipelined batch. */
  void send(List<?> messages) {
    for (Object message : messages) {
      channel.write(message);
    }
    channel.flush();
  }

  /** Hands {@code message} to the pipeline unflushed: it leaves with the next flushing write. */
  void queue(Object message) {
    channel.write(message);
  }

  /** Writes one message and waits until it is on the wire (backpressure for content). */
  void write(Object message, Duration timeout) throws DeliveryIoException, InterruptedException {
    ChannelFuture written = channel.writeAndFlush(message);
    if (!written.await(timeout.toMillis())) {
      throw new DeliveryIoException("timed out writing to " + hop);
    }
    if (!written.isSuccess()) {
      throw new DeliveryIoException("cannot write to " + hop, written.cause());
    }
  }

  /** The next reply, waiting at most {@code timeout}. */
  SmtpResponse reply(Duration timeout) throws DeliveryIoException, InterruptedException {
    Object next = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new DeliveryIoException("no reply from " + hop + " within " + timeout);
    }
    if (next == OutboundReplyHandler.CLOSED) {
      replies.add(next);
      throw new DeliveryIoException("connection to " + hop + " closed");
    }
    return (SmtpResponse) next;
  }

  /**
   * Puts {@code tls} in front of the SMTP codec, after the server's 220 to STARTTLS, and waits for
   * the handshake; a failed one closes the connection. Returns the protocol and cipher suite.
   */
  String startTls(SslHandler tls, Duration timeout)
      throws DeliveryIoException, InterruptedException {
    tls.setHandshakeTimeoutMillis(timeout.toMillis());
    Future<?> inserted =
        channel
            .eventLoop()
            .submit(
                () -> {
                  if (!channel.isActive()) {
                    throw new IllegalStateException("connection closed after 220 to STARTTLS");
                  }
                  // Whatever came in clear after the 220 (a man in the middle's injected replies)
                  // must not pass for what the server says over TLS: drop decoded replies, and
                  // remove the decoder, whose undecoded bytes go on to the pipeline's tail, which
                  // releases them (as Postfix purges its buffers); a fresh one decodes over TLS.
                  replies.clear();
                  ChannelPipeline pipeline = channel.pipeline();
                  pipeline.remove(DECODER);
                  pipeline.addFirst(DECODER, new SmtpResponseDecoder(MAX_REPLY_LINE));
                  pipeline.addFirst("tls", tls);
                });
    if (!inserted.await(timeout.toMillis()) || !inserted.isSuccess()) {
      channel.close();
      throw new DeliveryIoException("cannot start TLS with " + hop, inserted.cause());
    }
    Future<Channel> handshake = tls.handshakeFuture();
    if (!handshake.await(timeout.toMillis() + 1000) || !handshake.isSuccess()) {
      channel.close();
      Throwable cause = handshake.cause();
      throw new DeliveryIoException(
          "TLS handshake with "
              + hop
              + " failed: "
              + (cause == null ? "timed out" : rootMessage(cause)),
          cause);
    }
    return tls.engine().getSession().getProtocol()
        + " "
        + tls.engine().getSession().getCipherSuite();
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  boolean isOpen() {
    return channel.isActive();
  }

  /** The local address this connection came from. */
  InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close();
  }

  /** A reply as one line for logs and bounces: {@code 250 2.0.0 Ok: queued}. */
  static String text(SmtpResponse reply) {
    StringBuilder text = new StringBuilder().append(reply.code());
    for (CharSequence detail : reply.details()) {
      text.append(' ').append(detail);
    }
    return text.toString();
  }
}
