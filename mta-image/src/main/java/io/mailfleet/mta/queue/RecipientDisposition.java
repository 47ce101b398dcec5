package io.mailfleet.mta.queue;

/**
 * What the queue did with one recipient after an attempt: its {@link DeliveryResult} weighed
 * against the retry schedule and the max age (a transient failure is deferred, or expired when too
 * old). Each one is an event line and the {@code outcome} label of the recipients metric.
 */
public enum RecipientDisposition {
  /** Accepted by the receiving server. */
  DELIVERED,
  /** Failed temporarily; retried later. */
  DEFERRED,
  /** Failed permanently. */
  BOUNCED,
  /** Still failing at the max age; given up. */
  EXPIRED
}
