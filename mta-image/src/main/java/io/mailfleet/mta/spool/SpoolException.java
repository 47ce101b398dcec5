package io.mailfleet.mta.spool;

/** The spool could not store, read or find a message; the SMTP layer answers 451 4.3.0. */
public class SpoolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SpoolException(String message) {
    super(message);
  }

  public SpoolException(String message, Throwable cause) {
    super(message, cause);
  }
}
