package io.mailfleet.mta.queue;

import java.util.List;

/**
 * Carries a batch of jobs bound for one site over one SMTP connection. Called on a delivery worker
 * thread, so it may block; never on an event loop.
 */
public interface SiteTransport {

  /**
   * Attempts every job of {@code batch} (all for {@code plan}'s site) over one connection shaped by
   * the plan, tells {@code ended} of each job whose transaction ended as soon as it did, and
   * returns one outcome map per job, in batch order (those already told included).
   */
  BatchResult deliver(ConnectionPlan plan, List<DeliveryJob> batch, TransactionEnded ended);
}
