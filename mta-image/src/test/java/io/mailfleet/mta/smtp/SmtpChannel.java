package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.ListenerConfig;
import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.config.SmtpLimits;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.policy.RelayPolicy;
import io.mailfleet.mta.policy.SmtpPolicies;
import io.mailfleet.mta.smtp.command.SmtpCommands;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  /** Metrics that add each refusal's reason to {@code reasons} and ignore the rest. */
  static SmtpMetrics refusalsInto(List<RejectReason> reasons) {
    return new SmtpMetrics() {
      @Override
      public void connectionOpened() {}

      @Override
      public void connectionClosed() {}

      @Override
      public void messageReceived(long bytes, Duration commitLatency) {}

      @Override
      public void rejected(RejectReason reason) {
        reasons.add(reason);
      }
    };
  }

  /** A session from {@code clientIp} on a listener without PROXY protocol. */
  static SmtpChannel open(SmtpServerContext context, String clientIp) {
    return open(context, new ConnectionLimiter(100, 100), clientIp, false);
  }

  /** Networks whose PROXY headers the test listener believes. */
  static final List<String> TRUSTED_PROXIES = List.of("10.0.0.0/8", "127.0.0.0/8");

  static SmtpChannel open(
      SmtpServerContext context, ConnectionLimiter limiter, String clientIp, boolean proxy) {
    return open(
        context,
        limiter,
        clientIp,
        proxy
            ? proxyListener(ListenerConfig.DEFAULT_PROXY_HEADER_TIMEOUT)
            : ListenerConfig.direct("test", "0.0.0.0", 25));
  }

  /** A PROXY protocol listener that trusts {@link #TRUSTED_PROXIES}. */
  static ListenerConfig proxyListener(Duration headerTimeout) {
    return new ListenerConfig("lb", "0.0.0.0", 25, true, TRUSTED_PROXIES, headerTimeout);
  }

  /** A session from {@code clientIp} whose verb handlers (and their state) other sessions share. */
  static SmtpChannel open(SmtpServerContext context, SmtpVerbs verbs, String clientIp) {
    return open(
        context,
        verbs,
        new ConnectionLimiter(100, 100),
        clientIp,
        ListenerConfig.direct("test", "0.0.0.0", 25));
  }

  /** A session from peer {@code clientIp} on {@code listener}, with the production pipeline. */
  static SmtpChannel open(
      SmtpServerContext context,
      ConnectionLimiter limiter,
      String clientIp,
      ListenerConfig listener) {
    return open(context, SmtpCommands.standard(context), limiter, clientIp, listener);
  }

  static SmtpChannel open(
      SmtpServerContext context,
      SmtpVerbs verbs,
      ConnectionLimiter limiter,
      String clientIp,
      ListenerConfig listener) {
    SmtpServerInitializer pipeline =
        new SmtpServerInitializer(
            context,
            verbs,
            limiter,
            listener,
            new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE));
    InetSocketAddress remote = new InetSocketAddress(clientIp, 40000);
    EmbeddedChannel channel =
        new EmbeddedChannel(pipeline) {
          @Override
          protected SocketAddress remoteAddress0() {
            return remote;
          }
        };
    // Only advanceTimeBy moves the loop's clock, so a slow machine cannot make a delay fall due.
    channel.freezeTime();
    return new SmtpChannel(channel);
  }

  /** Lets {@code time} pass on the channel's event loop and runs what fell due. */
  SmtpChannel advanceTimeBy(Duration time) {
    channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
    return this;
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
