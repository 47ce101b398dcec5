package io.mailfleet.mta.smtp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  public void addRecipient(String recipient) {
    recipients.add(recipient);
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
