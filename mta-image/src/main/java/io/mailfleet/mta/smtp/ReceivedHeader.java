package io.mailfleet.mta.smtp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;

/** Builds the {@code Received:} trace header (RFC 5321 4.4) a relay puts on top of a message. */
public final class ReceivedHeader {

  private ReceivedHeader() {}

  /**
   * The header, CRLF-terminated, folded on three lines.
   *
   * @param session the session that receives the message
   * @param smtpUtf8 whether the transaction uses SMTPUTF8 (changes the protocol name, RFC 6531)
   * @param hostname this MTA's name
   * @param when the time of reception
   */
  public static byte[] build(
      SmtpSession session, boolean smtpUtf8, String hostname, ZonedDateTime when) {
    String header =
        "Received: from "
            + printable(session.heloName())
            + " ("
            + addressLiteral(session.client().getAddress())
            + ")\r\n\tby "
            + hostname
            + " (mailfleet) with "
            + protocol(session, smtpUtf8)
            + ";\r\n\t"
            + HeaderCompletion.RFC_5322_DATE.format(when)
            + "\r\n";
    return header.getBytes(StandardCharsets.US_ASCII);
  }

  /** The "with" protocol name of RFC 3848 and RFC 6531. */
  static String protocol(SmtpSession session, boolean smtpUtf8) {
    if (!session.extended()) {
      return "SMTP";
    }
    return (smtpUtf8 ? "UTF8SMTP" : "ESMTP")
        + (session.tls() ? "S" : "")
        + (session.authenticatedUser().isPresent() ? "A" : "");
  }

  private static String addressLiteral(InetAddress address) {
    return address instanceof Inet6Address
        ? "[IPv6:" + address.getHostAddress() + "]"
        : "[" + address.getHostAddress() + "]";
  }

  /** The client's HELO name with anything but visible ASCII replaced, so it cannot break lines. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(c > ' ' && c < 127 && c != '(' && c != ')' ? c : '?');
    }
    return out.toString();
  }
}
