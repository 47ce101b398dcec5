package io.mailfleet.mta.queue;

import io.mailfleet.mta.egress.EgressSource;
import java.util.List;
import java.util.Map;

/**
 * Carries a batch of jobs bound for one destination site, typically over one reused SMTP
 * connection. Called on a delivery worker thread, so it may block; never on an event loop.
 */
public interface SiteTransport {

  /**
   * Attempts every job of {@code batch} (all for {@code site}) over connections from {@code source}
   * and returns, in batch order, one map per job from each of its recipients to the outcome.
   */
  List<Map<String, DeliveryResult>> deliver(
      String site, EgressSource source, List<DeliveryJob> batch);
}
