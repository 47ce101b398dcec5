package io.mailfleet.mta.transfer;

/** Where a transfer to a peer stands. */
public enum TransferPhase {
  /** Messages are being relayed; local delivery is held. */
  RUNNING,
  /** Every message of the snapshot was offered to the peer; refused ones stay queued here. */
  DONE,
  /** The transfer stopped early (peer unreachable, shutdown); the rest stays queued here. */
  FAILED
}
