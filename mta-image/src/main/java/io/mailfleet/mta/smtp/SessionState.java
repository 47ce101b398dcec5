package io.mailfleet.mta.smtp;

/** Where an SMTP session stands in the RFC 5321 command sequence. */
public enum SessionState {
  /** Connected; no HELO or EHLO yet. */
  CONNECTED,
  /** Greeted with HELO or EHLO; no transaction open. */
  GREETED,
  /** MAIL FROM accepted; no recipient yet. */
  SENDER_GIVEN,
  /** At least one RCPT TO accepted; DATA may follow. */
  RECIPIENTS_GIVEN,
  /** DATA accepted with 354; message content is arriving. */
  RECEIVING_DATA,
  /** The end of data arrived; the reply waits for the spool. */
  COMMITTING
}
