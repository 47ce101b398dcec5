package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.ListenerConfig;
import io.mailfleet.mta.config.SmtpLimits;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;

/** Builds the pipeline of one accepted SMTP connection on one listener. */
public final class SmtpServerInitializer extends ChannelInitializer<SocketChannel> {

  private final SmtpServerContext server;
  private final SmtpVerbs verbs;
  private final ConnectionLimiter limiter;
  private final ListenerConfig listener;
  private final ChannelGroup sessions;

  /**
   * @param server what all sessions share
   * @param verbs the verb handlers
   * @param limiter the connection limits, shared by all listeners
   * @param listener the listener this connection arrived on
   * @param sessions every open connection, so draining can reach them
   */
  public SmtpServerInitializer(
      SmtpServerContext server,
      SmtpVerbs verbs,
      ConnectionLimiter limiter,
      ListenerConfig listener,
      ChannelGroup sessions) {
    this.server = server;
    this.verbs = verbs;
    this.limiter = limiter;
    this.listener = listener;
    this.sessions = sessions;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    sessions.add(channel);
    ChannelPipeline pipeline = channel.pipeline();
    if (listener.proxyProtocol()) {
      // PROXY protocol v1/v2 header from the load balancer; both handlers leave after it.
      pipeline.addLast("proxy-decoder", new HAProxyMessageDecoder());
      pipeline.addLast("proxy", new ProxyProtocolHandler());
    }
    // STARTTLS inserts an SslHandler here, in front of the line decoder.
    SmtpLimits limits = server.config().limits();
    SmtpLineDecoder decoder =
        new SmtpLineDecoder(limits.maxCommandLineLength(), limits.maxTextLineLength());
    // Bytes to command lines, or to dot-unstuffed content slices during DATA.
    pipeline.addLast("lines", decoder);
    // Reply objects to CRLF-terminated reply lines.
    pipeline.addLast("replies", SmtpReplyEncoder.INSTANCE);
    // The session: commands, replies, timeouts, streaming to the spool.
    pipeline.addLast(
        "session",
        new SmtpServerHandler(server, verbs, limiter, decoder, listener.proxyProtocol()));
  }
}
