package io.mailfleet.mta.delivery;

import io.mailfleet.mta.spool.DamagedContentException;

/**
 * The connection to a next hop failed, timed out or closed: a temporary failure, except for the
 * message whose damaged content made us drop the connection.
 */
final class DeliveryIoException extends Exception {

  private final boolean afterFinalDot;

  DeliveryIoException(String message) {
    this(message, null, false);
  }

  DeliveryIoException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private DeliveryIoException(String message, Throwable cause, boolean afterFinalDot) {
    super(message, cause);
    this.afterFinalDot = afterFinalDot;
  }

  /** The same failure, met once the final dot was written: the peer may hold the message. */
  DeliveryIoException afterFinalDot() {
    return new DeliveryIoException(getMessage(), getCause(), true);
  }

  /**
   * Whether the connection was dropped because the message's own spooled content could not be read
   * back as written: that message can never be sent, the others of its batch can.
   */
  boolean contentDamaged() {
    return getCause() instanceof DamagedContentException;
  }

  /**
   * Whether the final dot may have reached the peer before the failure, so that the peer may have
   * taken the message without our hearing its reply (a duplicate SMTP cannot avoid).
   */
  boolean afterFinalDotSent() {
    return afterFinalDot;
  }
}
