package io.mailfleet.mta.delivery;

/** The connection to a next hop failed, timed out or closed: a temporary failure. */
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
   * Whether the final dot may have reached the peer before the failure, so that the peer may have
   * taken the message without our hearing its reply (a duplicate SMTP cannot avoid).
   */
  boolean afterFinalDotSent() {
    return afterFinalDot;
  }
}
