package io.mailfleet.mta.queue;

import java.time.Duration;

/**
 * Hears the outcome for each recipient (for the event log, metrics and bounces); must not block.
 */
public interface DeliveryListener {

  /** Hears nothing. */
  DeliveryListener NONE = new DeliveryListener() {};

  /** A recipient was delivered after {@code queueTime} in the queue. */
  default void delivered(DeliveryJob job, String recipient, Duration queueTime, String reply) {}

  /** A recipient failed temporarily and is retried after {@code retryIn}. */
  default void deferred(
      DeliveryJob job, String recipient, Duration queueTime, String reply, Duration retryIn) {}

  /** A recipient failed permanently. */
  default void bounced(DeliveryJob job, String recipient, Duration queueTime, String reply) {}

  /** A recipient reached the max age still failing temporarily. */
  default void expired(DeliveryJob job, String recipient, Duration queueTime, String reply) {}
}
