package io.mailfleet.mta.queue;

import java.util.Objects;

/**
 * What one delivery attempt came to for one recipient: the receiving server's reply (or, when no
 * server answered, one of {@link DeliveryReplies}), classified as delivered, worth another try, or
 * never deliverable. The queue settles it into a {@link RecipientDisposition}; a batch of them is a
 * {@link BatchResult}.
 */
public sealed interface DeliveryResult
    permits DeliveryResult.Delivered,
        DeliveryResult.TransientFailure,
        DeliveryResult.PermanentFailure {

  /** The remote server's reply, or why no reply was had (connection refused, timeout). */
  String reply();

  /** Classifies an SMTP reply code: 2xx delivered, 5xx permanent, anything else transient. */
  static DeliveryResult ofReply(int code, String reply) {
    if (code >= 200 && code < 300) {
      return new Delivered(reply);
    }
    if (code >= 500 && code < 600) {
      return new PermanentFailure(reply);
    }
    return new TransientFailure(reply);
  }

  /** The receiving server accepted responsibility for the message (2xx after the final dot). */
  record Delivered(String reply) implements DeliveryResult {
    public Delivered {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** Try again later: a 4xx reply, a refused or broken connection, a timeout. */
  record TransientFailure(String reply) implements DeliveryResult {
    public TransientFailure {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** Never deliverable as addressed: a 5xx reply or a domain that accepts no mail. */
  record PermanentFailure(String reply) implements DeliveryResult {
    public PermanentFailure {
      Objects.requireNonNull(reply, "reply");
    }
  }
}
