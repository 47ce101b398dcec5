package io.mailfleet.mta.queue;

import io.mailfleet.mta.spool.SpooledMessage;
import java.time.Duration;
import java.time.Instant;

/**
 * Hears the outcome for each recipient (for the event log, metrics and bounces) and what happens to
 * sites and connections; must not block.
 */
public interface DeliveryListener {

  /** Hears nothing. */
  DeliveryListener NONE = new DeliveryListener() {};

  /** A recipient was delivered after {@code queueTime} in the queue. */
  default void delivered(
      DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {}

  /** A recipient failed temporarily and is retried after {@code retryIn}. */
  default void deferred(
      DeliveryJob job,
      Attempt attempt,
      String recipient,
      Duration queueTime,
      String reply,
      Duration retryIn) {}

  /** A message was durably accepted (SMTP or injection) and queued to go out of {@code pool}. */
  default void received(SpooledMessage message, String pool) {}

  /** A recipient failed permanently. */
  default void bounced(
      DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {}

  /** A recipient reached the max age still failing temporarily. */
  default void expired(
      DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {}

  /** Delivery to a site stopped until {@code until}: its jobs wait, no attempts are made. */
  default void siteSuspended(SiteKey site, String label, Instant until, String reason) {}

  /** Delivery to a suspended site starts again ({@code how}: expired or by hand). */
  default void siteResumed(SiteKey site, String label, String how) {}
}
