package io.mailfleet.mta.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Dot-stuffs message content on its way out (RFC 5321 4.5.2): a line that starts with a period gets
 * one more. Keeps state across chunks, so a line may span two of them.
 */
final class DotStuffer {

  private boolean atLineStart = true;
  private byte last = '\n';
  private byte beforeLast = '\r';

  /**
   * Returns a new buffer (the caller owns it) with {@code length} bytes of {@code chunk} stuffed.
   * The bytes between two added dots are copied in one go: a byte at a time into the buffer costs
   * more than the rest of delivering a large message.
   */
  ByteBuf stuff(ByteBufAllocator alloc, byte[] chunk, int length) {
    ByteBuf out = alloc.buffer(length + 16);
    int copied = 0;
    for (int i = 0; i < length; i++) {
      byte b = chunk[i];
      if (atLineStart && b == '.') {
        out.writeBytes(chunk, copied, i - copied).writeByte('.');
        copied = i;
      }
      atLineStart = b == '\n';
    }
    out.writeBytes(chunk, copied, length - copied);
    if (length > 0) {
      beforeLast = length > 1 ? chunk[length - 2] : last;
      last = chunk[length - 1];
    }
    return out;
  }

  /** The bytes that end the content on a line boundary before the final dot: CRLF or nothing. */
  ByteBuf tail(ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(2);
    if (!(beforeLast == '\r' && last == '\n')) {
      out.writeByte('\r').writeByte('\n');
    }
    return out;
  }
}
