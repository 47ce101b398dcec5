package io.mailfleet.mta.queue;

import io.mailfleet.mta.spool.SpooledMessage;
import java.util.List;
import java.util.Objects;

/**
 * A spooled message with the recipients still to deliver, as a transfer to a peer sends it.
 *
 * @param message the spooled message (id, envelope, size)
 * @param recipients its recipients not yet delivered, bounced or expired
 */
public record QueuedMessage(SpooledMessage message, List<String> recipients) {

  public QueuedMessage {
    Objects.requireNonNull(message, "message");
    recipients = List.copyOf(recipients);
  }
}
