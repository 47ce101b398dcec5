package io.mailfleet.mta.smtp;

/**
 * What {@link SmtpLineDecoder} passes on besides message content (content arrives as plain {@code
 * ByteBuf}s, owned and released by the receiver).
 */
public sealed interface SmtpInput {

  /** A command line, CRLF stripped, decoded as UTF-8. */
  record CommandLine(String text) implements SmtpInput {}

  /** A command line longer than the limit; its bytes were discarded up to its end. */
  record OverlongCommandLine() implements SmtpInput {}

  /**
   * The {@code <CRLF>.<CRLF>} that ends message data.
   *
   * @param defect why the content must be refused, or null if it is well formed
   */
  record EndOfData(DataDefect defect) implements SmtpInput {}

  /** Why message data is refused although it was read to its end. */
  enum DataDefect {
    /**
     * A CR not followed by LF, or an LF not preceded by CR. Refused rather than normalized: a
     * receiver that reads such bytes as line endings can be made to see a different end of data
     * than we do (SMTP smuggling). See docs/adr/0002-smtp-smuggling.md.
     */
    BARE_LINE_ENDING,
    /** A line longer than the text line limit. */
    LINE_TOO_LONG
  }
}
