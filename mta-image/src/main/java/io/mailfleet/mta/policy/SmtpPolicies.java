package io.mailfleet.mta.policy;

import java.util.Objects;

/**
 * The hooks the SMTP server consults, one per stage of a session.
 *
 * @param clients asked when a client connects
 * @param senders asked at {@code MAIL FROM}
 * @param recipients asked at {@code RCPT TO}; this is where relay is decided
 */
public record SmtpPolicies(ClientPolicy clients, SenderPolicy senders, RecipientPolicy recipients) {

  public SmtpPolicies {
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(senders, "senders");
    Objects.requireNonNull(recipients, "recipients");
  }

  /** Any client and sender; recipients only as the relay policy allows. */
  public static SmtpPolicies relayOnly(RelayPolicy relay) {
    return new SmtpPolicies(ClientPolicy.ACCEPT_ALL, SenderPolicy.ACCEPT_ALL, relay);
  }
}
