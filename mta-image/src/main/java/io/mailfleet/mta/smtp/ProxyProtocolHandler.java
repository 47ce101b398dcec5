package io.mailfleet.mta.smtp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Takes the PROXY protocol header that {@code HAProxyMessageDecoder} decoded, announces the real
 * client address to the session, and leaves the pipeline. A {@code LOCAL} header (a load balancer's
 * health check) keeps the socket's own address.
 */
public final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws UnknownHostException {
    if (!(msg instanceof HAProxyMessage header)) {
      ctx.fireChannelRead(msg);
      return;
    }
    InetSocketAddress client;
    try {
      client = clientOf(header, (InetSocketAddress) ctx.channel().remoteAddress());
    } finally {
      header.release();
    }
    ctx.pipeline().remove(this);
    ctx.fireUserEventTriggered(new SessionEvent.ClientResolved(client));
  }

  private static InetSocketAddress clientOf(HAProxyMessage header, InetSocketAddress socket)
      throws UnknownHostException {
    if (header.command() != HAProxyCommand.PROXY || header.sourceAddress() == null) {
      return socket;
    }
    return switch (header.proxiedProtocol().addressFamily()) {
      case AF_IPv4, AF_IPv6 ->
          new InetSocketAddress(InetAddress.getByName(header.sourceAddress()), header.sourcePort());
      default -> socket;
    };
  }
}
