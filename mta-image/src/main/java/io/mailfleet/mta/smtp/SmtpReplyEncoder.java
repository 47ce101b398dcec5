package io.mailfleet.mta.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link SmtpReply} objects as CRLF-terminated reply lines. */
@ChannelHandler.Sharable
public final class SmtpReplyEncoder extends MessageToByteEncoder<SmtpReply> {

  /** The one instance; the encoder keeps no state. */
  public static final SmtpReplyEncoder INSTANCE = new SmtpReplyEncoder();

  private SmtpReplyEncoder() {}

  @Override
  protected void encode(ChannelHandlerContext ctx, SmtpReply reply, ByteBuf out) {
    out.writeBytes(reply.encode());
  }
}
