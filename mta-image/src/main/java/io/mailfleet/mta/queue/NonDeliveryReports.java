package io.mailfleet.mta.queue;

import io.mailfleet.mta.spool.SpooledMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a non-delivery report (a bounce) for recipients that failed for good into the spool, and
 * returns it for the queue to deliver like any message. Called on a delivery worker; may block.
 */
public interface NonDeliveryReports {

  /** Writes no reports. */
  NonDeliveryReports NONE = (job, failures) -> Optional.empty();

  /**
   * Writes one report to the sender of {@code job} covering {@code failures}, durably; empty when
   * none is due (the null sender never gets one).
   */
  Optional<SpooledMessage> write(DeliveryJob job, List<Failure> failures);

  /**
   * One recipient that will not be delivered.
   *
   * @param recipient the address as the envelope had it
   * @param reply the last remote reply or our reason
   * @param expired true when it reached the max age failing temporarily, false for a 5xx
   */
  record Failure(String recipient, String reply, boolean expired) {
    public Failure {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(reply, "reply");
    }
  }
}
