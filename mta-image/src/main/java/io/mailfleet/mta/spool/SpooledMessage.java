package io.mailfleet.mta.spool;

import java.util.Objects;
import java.util.Optional;

/**
 * A committed message as the spool knows it.
 *
 * @param id its id
 * @param envelope sender, recipients and reception time
 * @param size content size in bytes
 * @param facts what its content was found to hold when written; empty for a message stored before
 *     the spool recorded them, or not by a spool
 */
public record SpooledMessage(
    MessageId id, Envelope envelope, long size, Optional<ContentFacts> facts) {

  public SpooledMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(facts, "facts");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }

  /** A message whose content facts are not known. */
  public SpooledMessage(MessageId id, Envelope envelope, long size) {
    this(id, envelope, size, Optional.empty());
  }
}
