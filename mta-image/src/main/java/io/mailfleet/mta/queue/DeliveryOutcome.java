package io.mailfleet.mta.queue;

/** What became of one recipient after a delivery attempt; a metric label. */
public enum DeliveryOutcome {
  /** Accepted by the receiving server. */
  DELIVERED,
  /** Failed temporarily; retried later. */
  DEFERRED,
  /** Failed permanently. */
  BOUNCED,
  /** Still failing at the max age; given up. */
  EXPIRED
}
