package io.mailfleet.mta.delivery;

/** The connection to a next hop failed, timed out or closed: a temporary failure. */
final class DeliveryIoException extends Exception {

  DeliveryIoException(String message) {
    super(message);
  }

  DeliveryIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
