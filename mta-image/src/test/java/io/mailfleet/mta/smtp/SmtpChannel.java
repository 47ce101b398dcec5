package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.config.SmtpLimits;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.policy.RelayPolicy;
import io.mailfleet.mta.policy.SmtpPolicies;
import io.mailfleet.mta.smtp.command.SmtpCommands;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP session over an {@link EmbeddedChannel} with the production pipeline, for tests that talk
 * to the server byte by byte and read its replies.
 */
final class SmtpChannel {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

  private final EmbeddedChannel channel;

  private SmtpChannel(EmbeddedChannel channel) {
    this.channel = channel;
  }

  /** Test defaults with small limits so that tests can reach them. */
  static SmtpConfig config() {
    SmtpConfig defaults = new ConfigLoader().defaults().smtp();
    return withLimits(defaults, new SmtpLimits(512, 1000, 10_000, 3, 100, 2, 10));
  }

  static SmtpConfig withLimits(SmtpConfig config, SmtpLimits limits) {
    return new SmtpConfig(
        config.listeners(),
        limits,
        config.timeouts(),
        config.tls(),
        config.auth(),
        config.relay(),
        config.addMissingHeaders());
  }

  static SmtpServerContext context(SmtpConfig config, InMemorySpool spool) {
    return context(config, spool, null, SmtpMetrics.NONE, new AcceptGate());
  }

  static SmtpServerContext context(
      SmtpConfig config,
      InMemorySpool spool,
      SmtpUsers users,
      SmtpMetrics metrics,
      AcceptGate gate) {
    return context(config, spool, users, metrics, gate, null);
  }

  static SmtpServerContext context(
      SmtpConfig config,
      InMemorySpool spool,
      SmtpUsers users,
      SmtpMetrics metrics,
      AcceptGate gate,
      io.netty.handler.ssl.SslContext tls) {
    return new SmtpServerContext(
        "mx.test.example",
        config,
        SmtpPolicies.relayOnly(
            new RelayPolicy(config.relay().clientNetworks(), config.relay().authenticatedUsers())),
        spool,
        tls,
        users,
        metrics,
        gate,
        CLOCK);
  }

  /** A session from {@code clientIp} on a listener without PROXY protocol. */
  static SmtpChannel open(SmtpServerContext context, String clientIp) {
    return open(context, new ConnectionLimiter(100, 100), clientIp, false);
  }

  static SmtpChannel open(
      SmtpServerContext context, ConnectionLimiter limiter, String clientIp, boolean proxy) {
    SmtpLimits limits = context.config().limits();
    SmtpLineDecoder decoder =
        new SmtpLineDecoder(limits.maxCommandLineLength(), limits.maxTextLineLength());
    List<ChannelHandler> handlers = new ArrayList<>();
    if (proxy) {
      handlers.add(new HAProxyMessageDecoder());
      handlers.add(new ProxyProtocolHandler());
    }
    handlers.add(decoder);
    handlers.add(SmtpReplyEncoder.INSTANCE);
    handlers.add(
        new SmtpServerHandler(context, SmtpCommands.standard(context), limiter, decoder, proxy));
    InetSocketAddress remote = new InetSocketAddress(clientIp, 40000);
    EmbeddedChannel channel =
        new EmbeddedChannel(handlers.toArray(ChannelHandler[]::new)) {
          @Override
          protected SocketAddress remoteAddress0() {
            return remote;
          }
        };
    return new SmtpChannel(channel);
  }

  /** Sends text in one piece. */
  SmtpChannel send(String text) {
    return send(text.getBytes(StandardCharsets.UTF_8));
  }

  SmtpChannel send(byte[] bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    channel.runPendingTasks();
    return this;
  }

  /** Sends text one byte per read. */
  SmtpChannel sendBytewise(String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      send(new byte[] {b});
    }
    return this;
  }

  /** Runs tasks handed back to the event loop (completions of held commits). */
  SmtpChannel runPendingTasks() {
    channel.runPendingTasks();
    return this;
  }

  /** Everything the server wrote since the last call, as text. */
  String replies() {
    StringBuilder out = new StringBuilder();
    for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
      out.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return out.toString();
  }

  /** The reply lines since the last call. */
  List<String> replyLines() {
    String text = replies();
    return text.isEmpty() ? List.of() : List.of(text.split("\r\n"));
  }

  /** Whether the session reads from its socket. */
  boolean isReading() {
    return channel.config().isAutoRead();
  }

  /** Whether a TLS handler sits in the pipeline. */
  boolean hasTlsHandler() {
    return channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  void fireEvent(Object event) {
    channel.pipeline().fireUserEventTriggered(event);
    channel.runPendingTasks();
  }

  void close() {
    channel.finishAndReleaseAll();
  }
}
