/**
 * Transfer of the queue to a peer MTA over SMTP (scale-down drain): the request, the procedure
 * ({@link io.mailfleet.mta.transfer.PeerTransfer}), its state, event log and metrics.
 */
package io.mailfleet.mta.transfer;
