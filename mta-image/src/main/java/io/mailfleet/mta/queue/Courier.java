package io.mailfleet.mta.queue;

import io.mailfleet.mta.egress.EgressLease;
import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one connection on a delivery worker: leases an egress source for up to the batch it may
 * carry, takes that batch, delivers it to the hops its placement found, gives back what it did not
 * use, settles each job as soon as its transaction ends, and frees its slot. Holds no queue state:
 * it asks the {@link Switchboard} through the slot, and settles through {@link Placements}.
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

  /**
   * Delivers the batch and settles it, each job as soon as its transaction ends and the rest once
   * the connection is done; returns how many jobs reached at least one recipient.
   */
  private int deliver(ConnectionSlot slot, ConnectionPlan plan, List<DeliveryJob> batch) {
    Set<DeliveryJob> settled = Collections.newSetFromMap(new IdentityHashMap<>());
    TransactionEnded ended =
        (job, outcomes, source, remote) -> {
          settle(slot, job, attempt(plan, source, remote), outcomes);
          settled.add(job);
        };
    BatchResult result;
    try {
      result = transport.deliver(plan, batch, ended);
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
    Attempt attempt = attempt(plan, result.source(), result.remote());
    int reached = 0;
    for (int i = 0; i < batch.size(); i++) {
      Map<String, DeliveryResult> outcomes = result.outcomes().get(i);
      if (outcomes.values().stream().anyMatch(Delivered.class::isInstance)) {
        reached++;
      }
      if (!settled.contains(batch.get(i))) {
        settle(slot, batch.get(i), attempt, outcomes);
      }
    }
    return reached;
  }

  private static Attempt attempt(ConnectionPlan plan, String source, String remote) {
    return new Attempt(plan.site().pool(), plan.site().site(), source, remote);
  }

  private void settle(
      ConnectionSlot slot, DeliveryJob job, Attempt attempt, Map<String, DeliveryResult> outcomes) {
    try {
      placements.settle(job, attempt, outcomes);
    } catch (RuntimeException e) {
      // Still outstanding, so still in the spool: it goes out again after a restart.
      LOG.error("message {}: settling its outcome failed", job.message().id(), e);
    }
    slot.observe(outcomes);
  }
}
