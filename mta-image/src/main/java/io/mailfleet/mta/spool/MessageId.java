package io.mailfleet.mta.spool;

import java.util.Objects;

/** A spooled message's id, unique within one spool, safe to print in logs and SMTP replies. */
public record MessageId(String value) {

  public MessageId {
    Objects.requireNonNull(value, "value");
    if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("message id must be 1-64 of [A-Za-z0-9._-]: " + value);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
