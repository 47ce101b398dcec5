package io.mailfleet.mta.dkim;

import java.util.Locale;
import java.util.Objects;

/**
 * Who handed a message in, as far as signing authority goes (ADR 0017): the domain of its envelope
 * sender, the SMTP AUTH user of its session, or this MTA itself for the bounces it writes. The From
 * header is not among them: any client that may relay can write any From.
 *
 * @param senderDomain the envelope sender's domain, lower case; empty for the null sender
 * @param authenticatedUser the SMTP AUTH user; empty when the client did not authenticate
 * @param writtenHere whether this MTA wrote the message (a bounce to its null sender)
 */
public record Originator(String senderDomain, String authenticatedUser, boolean writtenHere) {

  public Originator {
    senderDomain = Objects.requireNonNull(senderDomain, "senderDomain").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(authenticatedUser, "authenticatedUser");
  }

  /** A message a client handed in with envelope sender {@code sender} (empty: the null sender). */
  public static Originator client(String sender, String authenticatedUser) {
    int at = sender.lastIndexOf('@');
    return new Originator(at < 0 ? "" : sender.substring(at + 1), authenticatedUser, false);
  }

  /** A message this MTA wrote itself. */
  public static Originator thisMta() {
    return new Originator("", "", true);
  }
}
