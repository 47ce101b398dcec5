package io.mailfleet.operator.reconciler;

import io.mailfleet.operator.api.v1alpha1.AddressState;
import io.mailfleet.operator.api.v1alpha1.AddressStatus;
import io.mailfleet.operator.aws.ElasticIpException;
import io.mailfleet.operator.aws.ElasticIps;
import io.mailfleet.operator.model.AddressAction;
import io.mailfleet.operator.model.AddressAction.Allocate;
import io.mailfleet.operator.model.AddressAction.Disassociate;
import io.mailfleet.operator.model.AddressAction.Release;
import io.mailfleet.operator.model.AddressAction.ResetPtr;
import io.mailfleet.operator.model.AddressAction.SetPtr;
import io.mailfleet.operator.model.AddressAction.Tag;
import io.mailfleet.operator.model.AddressAction.Untag;
import io.mailfleet.operator.model.AddressFailure;
import io.mailfleet.operator.model.ElasticIp;
import io.mailfleet.operator.model.PoolStatusModel;
import io.mailfleet.operator.model.PtrRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a plan's AWS writes one by one and keeps what AWS now holds up to date as they succeed, so
 * the status shows what happened even when a later write fails. Each change becomes an Event.
 */
final class AddressActions {

  private static final Logger LOG = LoggerFactory.getLogger(AddressActions.class);

  private final ElasticIps ips;
  private final String owner;
  private final BiConsumer<String, String> events;
  private final Map<String, ElasticIp> observed = new LinkedHashMap<>();
  private final List<AddressFailure> failures = new ArrayList<>();
  private final List<AddressStatus> retained = new ArrayList<>();
  // Addresses whose earlier step failed: their later steps (release after disassociate) wait.
  private final Set<String> blocked = new HashSet<>();
  private boolean quotaReached;
  private boolean stopped;
  private int changes;

  /**
   * @param owner "namespace/name" of the pool, for logs
   * @param changes receives (reason, message) of every change made, for an Event
   */
  AddressActions(
      ElasticIps ips,
      Collection<ElasticIp> observed,
      String owner,
      BiConsumer<String, String> changes) {
    this.ips = ips;
    this.owner = owner;
    this.events = changes;
    observed.forEach(a -> this.observed.put(a.allocationId(), a));
  }

  /** What AWS holds now, as far as this reconciliation knows. */
  List<ElasticIp> observed() {
    return List.copyOf(observed.values());
  }

  /** What failed, in order. */
  List<AddressFailure> failures() {
    return List.copyOf(failures);
  }

  /** Addresses let go under Retain (or adopted ones let go), for the status. */
  List<AddressStatus> retained() {
    return List.copyOf(retained);
  }

  /** Whether any write succeeded. */
  boolean changedAnything() {
    return changes > 0;
  }

  /** Whether a failure stopped the run: AWS is unavailable, retrying now would not help. */
  boolean stopped() {
    return stopped;
  }

  /** Makes {@code actions}; stops at the first failure that every further call would share. */
  void apply(List<AddressAction> actions) {
    for (AddressAction action : actions) {
      if (stopped || (action instanceof Allocate && quotaReached)) {
        continue;
      }
      String id = action.allocationId();
      if (id != null && blocked.contains(id)) {
        continue;
      }
      try {
        make(action);
      } catch (ElasticIpException e) {
        LOG.warn("{}: {} failed: {}", owner, e.operation(), e.getMessage());
        failures.add(new AddressFailure(action.index(), e.reason(), e.getMessage()));
        if (id != null) {
          blocked.add(id);
        }
        quotaReached |= PoolStatusModel.ADDRESS_LIMIT_EXCEEDED.equals(e.reason());
        stopped |= e.retryable() || PoolStatusModel.ACCESS_DENIED.equals(e.reason());
      }
    }
  }

  private void make(AddressAction action) {
    if (action instanceof Allocate a) {
      ElasticIp made = ips.allocate(a.tags(), a.networkBorderGroup(), a.publicIpv4Pool());
      observed.put(made.allocationId(), made);
      change(
          "Allocated",
          "allocated " + made.allocationId() + " (" + made.publicIp() + ") as index " + a.index());
    } else if (action instanceof Tag t) {
      ips.tag(t.allocationId(), t.tags());
      update(t.allocationId(), ip -> ip.withTags(t.tags()));
      change(
          "Tagged",
          "tagged " + t.allocationId() + " (index " + t.index() + "): " + t.tags().keySet());
    } else if (action instanceof SetPtr p) {
      PtrRecord requested = ips.setReverseDns(p.allocationId(), p.name());
      update(p.allocationId(), ip -> ip.withPtr(requested));
      change(
          "ReverseDnsRequested",
          "asked AWS to name " + p.allocationId() + " (index " + p.index() + ") " + p.name());
    } else if (action instanceof ResetPtr r) {
      ips.resetReverseDns(r.allocationId());
      update(r.allocationId(), ip -> ip.withPtr(PtrRecord.NONE));
      change("ReverseDnsReset", "removed the reverse DNS name of " + r.allocationId());
    } else if (action instanceof Disassociate d) {
      ips.disassociate(d.associationId());
      update(d.allocationId(), ElasticIp::disassociated);
      change(
          "Disassociated",
          "disassociated "
              + d.allocationId()
              + " ("
              + d.associationId()
              + ") before letting it go");
    } else if (action instanceof Release r) {
      ips.release(r.allocationId(), r.networkBorderGroup());
      observed.remove(r.allocationId());
      change(
          "Released",
          "released "
              + r.allocationId()
              + " ("
              + r.publicIp()
              + ", index "
              + r.index()
              + "): "
              + cause(r.cause()));
    } else if (action instanceof Untag u) {
      ips.untag(u.allocationId(), u.keys());
      observed.remove(u.allocationId());
      retained.add(
          new AddressStatus()
              .setIndex(u.index() < 0 ? null : u.index())
              .setAllocationId(u.allocationId())
              .setPublicIp(u.publicIp())
              .setState(AddressState.RETAINED));
      change(
          "Retained",
          "let go of "
              + u.allocationId()
              + " ("
              + u.publicIp()
              + ", index "
              + u.index()
              + "): it stays allocated in the account, without the pool's tags");
    }
  }

  private void update(String allocationId, UnaryOperator<ElasticIp> change) {
    observed.computeIfPresent(allocationId, (k, ip) -> change.apply(ip));
  }

  private void change(String reason, String message) {
    changes++;
    LOG.info("{}: {}", owner, message);
    events.accept(reason, message);
  }

  private static String cause(AddressAction.ReleaseCause cause) {
    return switch (cause) {
      case LEFT_POOL -> "it left the pool under releasePolicy Release";
      case DUPLICATE ->
          "a second address for its index (an AllocateAddress retried after its answer was lost, or a second operator)";
      case POOL_DELETED -> "the pool is deleted under releasePolicy Release";
      case ORPHANED -> "its pool is gone and it recorded releasePolicy Release";
    };
  }

  /** The reverse DNS of the pool's addresses, merged into what is observed. */
  void lookUpReverseDns() {
    if (observed.isEmpty()) {
      return;
    }
    Map<String, PtrRecord> ptrs = ips.reverseDns(observed.keySet());
    ptrs.forEach((id, ptr) -> update(id, ip -> ip.withPtr(ptr)));
  }
}
