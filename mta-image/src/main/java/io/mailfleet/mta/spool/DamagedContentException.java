package io.mailfleet.mta.spool;

import java.io.IOException;

/**
 * A message's content cannot be read back as it was written (a checksum mismatch, a missing or
 * truncated chunk): it never will be, so the message cannot be delivered and its recipients are
 * bounced rather than retried.
 */
public final class DamagedContentException extends IOException {

  private static final long serialVersionUID = 1L;

  public DamagedContentException(String message) {
    super(message);
  }
}
