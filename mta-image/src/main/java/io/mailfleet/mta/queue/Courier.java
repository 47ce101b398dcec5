package io.mailfleet.mta.queue;

import io.mailfleet.mta.egress.EgressLease;
import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one connection on a delivery worker: leases an egress source for up to the batch it may
 * carry, takes that batch, delivers it to the hops its placement found, gives back what it did not
 * use, settles each job, and frees its slot. Holds no queue state: it asks the {@link Switchboard}
 * through the slot, and settles through {@link Placements}.
 */
final class Courier {

  private static final Logger LOG = LoggerFactory.getLogger(Courier.class);

  private final SiteTransport transport;
  private final EgressPools egress;
  private final Placements placements;

  Courier(SiteTransport transport, EgressPools egress, Placements placements) {
    this.transport = transport;
    this.egress = egress;
    this.placements = placements;
  }

  /** Runs the connection of {@code slot}; the slot is freed however it ends. */
  void carry(ConnectionSlot slot) {
    try {
      connect(slot);
    } finally {
      slot.free();
    }
  }

  private void connect(ConnectionSlot slot) {
    int wanted = slot.wanted();
    if (wanted == 0) {
      return;
    }
    SiteQueue site = slot.site();
    Optional<EgressLease> lease = egress.lease(site.key().pool(), wanted);
    if (lease.isEmpty()) {
      slot.capped();
      return;
    }
    int reached = 0;
    try {
      ReadyJobs.Batch batch = slot.take(lease.get().allowed());
      if (!batch.isEmpty()) {
        ConnectionPlan plan =
            new ConnectionPlan(site.key(), batch.hops(), site.limits(), lease.get().source());
        reached = deliver(slot, plan, batch.jobs());
      }
    } finally {
      egress.giveBack(lease.get(), lease.get().allowed() - reached);
    }
  }

  /** Delivers the batch and settles it; returns how many jobs reached at least one recipient. */
  private int deliver(ConnectionSlot slot, ConnectionPlan plan, List<DeliveryJob> batch) {
    BatchResult result;
    try {
      result = transport.deliver(plan, batch);
      if (result.outcomes().size() != batch.size()) {
        throw new IllegalStateException(
            result.outcomes().size() + " outcomes for " + batch.size() + " jobs");
      }
    } catch (RuntimeException e) {
      LOG.error("delivery to site {} failed unexpectedly; retrying its jobs", plan.site(), e);
      String reply = DeliveryReplies.localError(e);
      result =
          new BatchResult(
              batch.stream().map(j -> j.outcomeForAll(new TransientFailure(reply))).toList(),
              null,
              null);
    }
    Attempt attempt =
        new Attempt(plan.site().pool(), plan.site().site(), result.source(), result.remote());
    int reached = 0;
    for (int i = 0; i < batch.size(); i++) {
      Map<String, DeliveryResult> outcomes = result.outcomes().get(i);
      if (outcomes.values().stream().anyMatch(Delivered.class::isInstance)) {
        reached++;
      }
      try {
        placements.settle(batch.get(i), attempt, outcomes);
      } catch (RuntimeException e) {
        // Still outstanding, so still in the spool: it goes out again after a restart.
        LOG.error("message {}: settling its outcome failed", batch.get(i).message().id(), e);
      }
      slot.observe(outcomes);
    }
    return reached;
  }
}
