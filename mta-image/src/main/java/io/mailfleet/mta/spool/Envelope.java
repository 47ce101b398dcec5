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
 * @param clientAddress the client's address as seen (after PROXY protocol), for the log
 */
public record Envelope(
    String sender, List<String> recipients, Instant receivedAt, String clientAddress) {

  public Envelope {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(clientAddress, "clientAddress");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope needs at least one recipient");
    }
  }
}
