package io.mailfleet.mta.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * MAIL FROM and RCPT TO as UTF-8 command lines. Netty's {@code SmtpRequestEncoder} writes ASCII
 * only, which would turn an SMTPUTF8 address (RFC 6531) into question marks; these lines pass the
 * encoder untouched as buffers.
 */
final class EnvelopeCommands {

  private EnvelopeCommands() {}

  /** {@code MAIL FROM:<sender> params...}; the caller owns the buffer. */
  static ByteBuf mail(ByteBufAllocator alloc, String sender, List<String> parameters) {
    StringBuilder line = new StringBuilder("MAIL FROM:<").append(sender).append('>');
    parameters.forEach(p -> line.append(' ').append(p));
    return encode(alloc, line);
  }

  /** {@code RCPT TO:<recipient>}; the caller owns the buffer. */
  static ByteBuf rcpt(ByteBufAllocator alloc, String recipient) {
    return encode(alloc, new StringBuilder("RCPT TO:<").append(recipient).append('>'));
  }

  private static ByteBuf encode(ByteBufAllocator alloc, StringBuilder line) {
    line.append("\r\n");
    ByteBuf out = alloc.buffer(ByteBufUtil.utf8MaxBytes(line));
    ByteBufUtil.writeUtf8(out, line);
    return out;
  }
}
