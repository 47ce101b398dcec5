package io.mailfleet.mta.http;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/** Closes an HTTP connection that {@code IdleStateHandler} found idle. */
@Sharable
final class IdleConnectionCloser extends ChannelInboundHandlerAdapter {

  static final IdleConnectionCloser INSTANCE = new IdleConnectionCloser();

  private IdleConnectionCloser() {}

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }
}
