package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.ClientNetwork;
import io.mailfleet.mta.config.ListenerConfig;
import io.mailfleet.mta.config.SmtpLimits;
import io.mailfleet.mta.intake.RejectReason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the pipeline of one accepted SMTP connection on one listener. */
public final class SmtpServerInitializer extends ChannelInitializer<Channel> {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServerInitializer.class);

  private final SmtpServerContext server;
  private final SmtpVerbs verbs;
  private final ConnectionLimiter limiter;
  private final ListenerConfig listener;
  private final ChannelGroup sessions;
  private final List<ClientNetwork> trustedProxies;

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
    this.trustedProxies = listener.trustedProxyNetworks();
  }

  @Override
  protected void initChannel(Channel channel) {
    if (listener.proxyProtocol() && !fromTrustedProxy(channel)) {
      // Its PROXY header could claim any address, a relay network included.
      LOG.warn(
          "listener {}: refused {}: not among the trusted PROXY sources {}",
          listener.name(),
          channel.remoteAddress(),
          listener.trustedProxies());
      server.metrics().rejected(RejectReason.UNTRUSTED_PROXY);
      channel.close();
      return;
    }
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
        new SmtpServerHandler(
            server,
            verbs,
            limiter,
            decoder,
            listener.proxyProtocol() ? listener.proxyHeaderTimeout() : null));
  }

  private boolean fromTrustedProxy(Channel channel) {
    InetAddress peer = ((InetSocketAddress) channel.remoteAddress()).getAddress();
    return trustedProxies.stream().anyMatch(network -> network.contains(peer));
  }
}
