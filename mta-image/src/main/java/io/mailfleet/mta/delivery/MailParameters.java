package io.mailfleet.mta.delivery;

import io.mailfleet.mta.queue.DeliveryReplies;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the MAIL FROM parameters for a message and a server: {@code SIZE} (RFC 1870) when
 * offered, {@code BODY=8BITMIME} (RFC 6152) for 8-bit content when offered, {@code SMTPUTF8} (RFC
 * 6531) for an envelope with non-ASCII addresses. Some combinations cannot be sent at all.
 */
sealed interface MailParameters {

  /** Send MAIL FROM with these parameters. */
  record Send(List<String> parameters) implements MailParameters {
    public Send {
      parameters = List.copyOf(parameters);
    }
  }

  /** Do not send: the server cannot take the message; the reply is a permanent failure. */
  record Refuse(String reply) implements MailParameters {}

  /**
   * The parameters for a message of {@code size} octets.
   *
   * <p>8-bit content to a server without 8BITMIME goes as it is, without {@code BODY}: converting
   * MIME parts to 7 bits would break a DKIM signature and most such servers take 8-bit anyway (what
   * Postfix does with {@code disable_mime_output_conversion}).
   */
  static MailParameters choose(
      EhloCapabilities server, long size, boolean eightBit, boolean utf8Envelope) {
    if (utf8Envelope && !server.smtpUtf8()) {
      return new Refuse(DeliveryReplies.NEEDS_SMTPUTF8);
    }
    if (server.size() && server.sizeLimit() > 0 && size > server.sizeLimit()) {
      return new Refuse(DeliveryReplies.tooBig(size, server.sizeLimit()));
    }
    List<String> parameters = new ArrayList<>();
    if (server.size()) {
      parameters.add("SIZE=" + size);
    }
    if (eightBit && server.eightBitMime()) {
      parameters.add("BODY=8BITMIME");
    }
    if (utf8Envelope) {
      parameters.add("SMTPUTF8");
    }
    return new Send(parameters);
  }

  /** Whether an address needs SMTPUTF8: any character outside US-ASCII. */
  static boolean needsUtf8(String address) {
    return !address.chars().allMatch(c -> c < 0x80);
  }
}
