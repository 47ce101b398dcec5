package io.mailfleet.mta.transfer;

/** A transfer was requested while another one is still running. */
public final class TransferRunning extends Exception {

  private final TransferState running;

  TransferRunning(TransferState running) {
    super("a transfer to " + running.peer() + " is already running");
    this.running = running;
  }

  /** The state of the transfer that is running. */
  public TransferState running() {
    return running;
  }
}
