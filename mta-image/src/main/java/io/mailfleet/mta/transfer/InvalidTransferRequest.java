package io.mailfleet.mta.transfer;

/** A transfer request that cannot be used; the message says which field and why. */
public final class InvalidTransferRequest extends Exception {

  InvalidTransferRequest(String message) {
    super(message);
  }
}
