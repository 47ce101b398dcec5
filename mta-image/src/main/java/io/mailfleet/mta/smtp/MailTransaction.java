package io.mailfleet.mta.smtp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One mail transaction, from MAIL FROM to the end of data or RSET. */
public final class MailTransaction {

  private final String sender;
  private final boolean smtpUtf8;
  private final Instant startedAt;
  private final List<String> recipients = new ArrayList<>();
  private MessageReception reception;

  /**
   * @param sender the reverse path, {@code ""} for the null sender
   * @param smtpUtf8 whether MAIL FROM carried the SMTPUTF8 parameter
   * @param startedAt when MAIL FROM was accepted
   */
  public MailTransaction(String sender, boolean smtpUtf8, Instant startedAt) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.smtpUtf8 = smtpUtf8;
    this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
  }

  public String sender() {
    return sender;
  }

  public boolean smtpUtf8() {
    return smtpUtf8;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** The accepted recipients, in order. */
  public List<String> recipients() {
    return List.copyOf(recipients);
  }

  public int recipientCount() {
    return recipients.size();
  }

  /**
   * Adds a recipient unless the transaction already has it: a repeated RCPT TO is acknowledged (RFC
   * 5321 allows a server to keep one copy) but must not be delivered twice. Addresses compare as
   * delivery treats them: the local part exactly (RFC 5321 2.4), the domain without case.
   */
  public void addRecipient(String recipient) {
    String key = sameMailbox(recipient);
    if (recipients.stream().noneMatch(r -> sameMailbox(r).equals(key))) {
      recipients.add(recipient);
    }
  }

  private static String sameMailbox(String address) {
    int at = address.lastIndexOf('@');
    return at < 0
        ? address
        : address.substring(0, at + 1) + address.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /** The content on its way to the spool, once DATA was accepted; null before. */
  public MessageReception reception() {
    return reception;
  }

  void startReception(MessageReception reception) {
    this.reception = reception;
  }

  /** Drops whatever reached the spool; nothing of this transaction is ever delivered. */
  void abandon() {
    if (reception != null) {
      reception.abort();
    }
  }
}
