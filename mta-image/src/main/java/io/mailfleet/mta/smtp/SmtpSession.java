package io.mailfleet.mta.smtp;

import io.mailfleet.mta.policy.SessionFacts;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one SMTP connection: where it is in the command sequence, what the client told us,
 * and the open transaction. Only touched from the connection's event loop.
 */
public final class SmtpSession {

  private final String id;
  private final InetSocketAddress client;
  private SessionState state = SessionState.CONNECTED;
  private String heloName;
  private boolean extended;
  private boolean tls;
  private String authenticatedUser;
  private MailTransaction transaction;
  private SaslExchange saslExchange;
  private int errors;
  private int authFailures;

  /**
   * @param id a short id for logs
   * @param client the client's address (after PROXY protocol)
   */
  public SmtpSession(String id, InetSocketAddress client) {
    this.id = Objects.requireNonNull(id, "id");
    this.client = Objects.requireNonNull(client, "client");
  }

  public String id() {
    return id;
  }

  public InetSocketAddress client() {
    return client;
  }

  public SessionState state() {
    return state;
  }

  /** The name given in HELO or EHLO, or null before. */
  public String heloName() {
    return heloName;
  }

  /** Whether the client greeted with EHLO (and may use extensions). */
  public boolean extended() {
    return extended;
  }

  public boolean tls() {
    return tls;
  }

  public Optional<String> authenticatedUser() {
    return Optional.ofNullable(authenticatedUser);
  }

  /** The open transaction, or null. */
  public MailTransaction transaction() {
    return transaction;
  }

  /** The AUTH exchange waiting for the client's next line, or null. */
  public SaslExchange saslExchange() {
    return saslExchange;
  }

  /** What policy hooks may see of this session. */
  public SessionFacts facts() {
    return new SessionFacts(
        client, heloName == null ? "" : heloName, tls, Optional.ofNullable(authenticatedUser));
  }

  /** HELO or EHLO: RFC 5321 4.1.4 makes it reset any transaction. */
  public void greet(String name, boolean extended) {
    resetTransaction();
    this.heloName = name;
    this.extended = extended;
    state = SessionState.GREETED;
  }

  /** MAIL FROM was accepted. */
  public void beginTransaction(MailTransaction transaction) {
    this.transaction = Objects.requireNonNull(transaction);
    state = SessionState.SENDER_GIVEN;
  }

  /** RCPT TO was accepted. */
  public void addRecipient(String recipient) {
    transaction.addRecipient(recipient);
    state = SessionState.RECIPIENTS_GIVEN;
  }

  /** DATA was accepted; content goes to {@code reception}. */
  public void startData(MessageReception reception) {
    transaction.startReception(reception);
    state = SessionState.RECEIVING_DATA;
  }

  /** The end of data arrived; the spool is committing. */
  public void startCommit() {
    state = SessionState.COMMITTING;
  }

  /** RSET, or the transaction ended one way or the other. */
  public void resetTransaction() {
    if (transaction != null) {
      transaction.abandon();
      transaction = null;
    }
    if (state != SessionState.CONNECTED) {
      state = SessionState.GREETED;
    }
  }

  /** The transaction ended with the message committed; nothing to abandon. */
  public void finishTransaction() {
    transaction = null;
    state = SessionState.GREETED;
  }

  /** STARTTLS completed its 220: RFC 3207 4.2 makes the server forget everything it was told. */
  public void startTls() {
    resetTransaction();
    tls = true;
    heloName = null;
    extended = false;
    authenticatedUser = null;
    state = SessionState.CONNECTED;
  }

  public void authenticated(String user) {
    this.authenticatedUser = Objects.requireNonNull(user);
  }

  public void saslExchange(SaslExchange exchange) {
    this.saslExchange = exchange;
  }

  /** Counts a failed AUTH attempt and returns the count so far on this connection. */
  public int countAuthFailure() {
    return ++authFailures;
  }

  /** Counts a failed command and returns the count so far. */
  public int countError() {
    return ++errors;
  }

  /** Whether a transaction is open (from MAIL FROM until its reply). */
  public boolean inTransaction() {
    return transaction != null || state == SessionState.COMMITTING;
  }

  @Override
  public String toString() {
    return id;
  }
}
