package io.mailfleet.mta.delivery;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.smtp.SmtpResponse;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each decoded reply to the delivery worker waiting on the connection; reports a closed
 * channel as {@link #CLOSED}. Replies hold no buffers, so there is nothing to release.
 */
final class OutboundReplyHandler extends SimpleChannelInboundHandler<SmtpResponse> {

  /** Put on the queue when the channel closes: no more replies will come. */
  static final Object CLOSED = new Object();

  private static final Logger LOG = LoggerFactory.getLogger(OutboundReplyHandler.class);

  private final BlockingQueue<Object> replies;

  OutboundReplyHandler(BlockingQueue<Object> replies) {
    this.replies = replies;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, SmtpResponse reply) {
    replies.add(reply);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    replies.add(CLOSED);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.warn(
        "outbound connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
