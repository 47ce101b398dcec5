package io.mailfleet.mta.spool;

/** A message id the spool does not hold (never committed, or already completed). */
public final class UnknownMessageException extends SpoolException {

  private static final long serialVersionUID = 1L;

  public UnknownMessageException(MessageId id) {
    super("no committed message " + id + " in the spool");
  }
}
