package io.mailfleet.mta.spool;

import java.util.Objects;

/**
 * A committed message as the spool knows it.
 *
 * @param id its id
 * @param envelope sender, recipients and reception time
 * @param size content size in bytes
 */
public record SpooledMessage(MessageId id, Envelope envelope, long size) {

  public SpooledMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(envelope, "envelope");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
