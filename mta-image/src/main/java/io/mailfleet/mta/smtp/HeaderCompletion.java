package io.mailfleet.mta.smtp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Watches streamed message content for the end of the header section and notes whether {@code
 * Message-ID} and {@code Date} are present, so a submission server can add the missing ones (RFC
 * 6409 8.2, 8.3) just before the blank line, without holding the headers in memory.
 */
public final class HeaderCompletion {

  /** RFC 5322 3.3 date-time. */
  static final DateTimeFormatter RFC_5322_DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

  private static final byte[] MESSAGE_ID = "message-id:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATE = "date:".getBytes(StandardCharsets.US_ASCII);

  private final Supplier<String> messageIds;
  private final Supplier<ZonedDateTime> now;
  private final byte[] lineStart = new byte[MESSAGE_ID.length];
  private int lineStartLength;
  private boolean atLineStart = true;
  private boolean headersEnded;
  private boolean hasMessageId;
  private boolean hasDate;

  /**
   * @param messageIds makes a new {@code <id@host>} message id
   * @param now the current time, for {@code Date}
   */
  public HeaderCompletion(Supplier<String> messageIds, Supplier<ZonedDateTime> now) {
    this.messageIds = messageIds;
    this.now = now;
  }

  /**
   * Scans the next chunk of content. Returns the offset from the chunk's reader index where the
   * header section ends (the blank line's CR), or -1 if it does not end in this chunk.
   */
  int scan(ByteBuf chunk) {
    if (headersEnded) {
      return -1;
    }
    for (int i = chunk.readerIndex(); i < chunk.writerIndex(); i++) {
      byte b = chunk.getByte(i);
      if (atLineStart) {
        if (b == '\r') {
          headersEnded = true;
          return i - chunk.readerIndex();
        }
        atLineStart = false;
        lineStartLength = 0;
      }
      if (b == '\n') {
        noteField();
        atLineStart = true;
      } else if (lineStartLength < lineStart.length) {
        lineStart[lineStartLength++] = (byte) Character.toLowerCase(b);
      }
    }
    return -1;
  }

  /** Whether the blank line after the headers was seen. */
  boolean headersEnded() {
    return headersEnded;
  }

  /** The header fields to add, CRLF-terminated; empty when none is missing. */
  byte[] missingFields() {
    StringBuilder fields = new StringBuilder();
    if (!hasMessageId) {
      fields.append("Message-ID: ").append(messageIds.get()).append("\r\n");
    }
    if (!hasDate) {
      fields.append("Date: ").append(RFC_5322_DATE.format(now.get())).append("\r\n");
    }
    return fields.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private void noteField() {
    hasMessageId |= startsWith(MESSAGE_ID);
    hasDate |= startsWith(DATE);
  }

  private boolean startsWith(byte[] name) {
    return lineStartLength >= name.length
        && Arrays.equals(lineStart, 0, name.length, name, 0, name.length);
  }
}
