package io.mailfleet.mta.queue;

import java.util.List;

/**
 * Carries a batch of jobs bound for one site over one SMTP connection. Called on a delivery worker
 * thread, so it may block; never on an event loop.
 */
public interface SiteTransport {

  /**
   * Attempts every job of {@code batch} (all for {@code plan}'s site) over one connection shaped by
   * the plan, and returns one outcome map per job, in batch order.
   */
  BatchResult deliver(ConnectionPlan plan, List<DeliveryJob> batch);
}
