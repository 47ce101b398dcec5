package io.mailfleet.mta.spool;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who a message is from and to, as the SMTP transaction or the injection API declared it.
 *
 * @param sender the reverse path; empty for the null sender ({@code MAIL FROM:<>})
 * @param recipients the forward paths, at least one
 * @param receivedAt when the transaction began
 * @param clientAddress the client's address as seen (after PROXY protocol), for the log; {@link
 *     #THIS_MTA} for mail this MTA wrote itself
 * @param authenticatedUser the SMTP AUTH user of the session that handed the message in; empty when
 *     it did not authenticate (DKIM signing authority, ADR 0017)
 */
public record Envelope(
    String sender,
    List<String> recipients,
    Instant receivedAt,
    String clientAddress,
    String authenticatedUser) {

  /** The client address of mail this MTA wrote itself (bounces): never a client's IP address. */
  public static final String THIS_MTA = "localhost";

  public Envelope {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(authenticatedUser, "authenticatedUser");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope needs at least one recipient");
    }
  }

  /** An envelope from a client that did not authenticate. */
  public Envelope(
      String sender, List<String> recipients, Instant receivedAt, String clientAddress) {
    this(sender, recipients, receivedAt, clientAddress, "");
  }

  /** Whether this MTA wrote the message itself (a bounce), rather than a client. */
  public boolean fromThisMta() {
    return THIS_MTA.equals(clientAddress);
  }
}
