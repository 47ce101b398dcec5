package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.AddressState;
import io.mailfleet.operator.api.v1alpha1.AddressStatus;
import io.mailfleet.operator.api.v1alpha1.PtrState;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A SendingIpPool's status from the addresses AWS holds for it and what failed on the way. */
public final class PoolStatusModel {

  /** Ready=True: every address is allocated (or adopted) and named. */
  public static final String ADDRESSES_READY = "AddressesReady";

  /** Ready=False: addresses are still to be allocated, tagged or named. */
  public static final String ALLOCATING = "Allocating";

  /** AWS refused AllocateAddress: the account's Elastic IP quota in the region is used up. */
  public static final String ADDRESS_LIMIT_EXCEEDED = "AddressLimitExceeded";

  /** An allocation ID in spec.addresses does not exist in the region. */
  public static final String ALLOCATION_NOT_FOUND = "AllocationNotFound";

  /** An allocation ID in spec.addresses carries another pool's ownership tags. */
  public static final String OWNED_ELSEWHERE = "AddressOwnedElsewhere";

  /** Neither spec.aws.region nor the operator's AWS region is set. */
  public static final String REGION_NOT_SET = "RegionNotSet";

  /** spec.aws.region (or the operator's) names no AWS region. */
  public static final String UNKNOWN_REGION = "UnknownRegion";

  /** AWS did not answer, or kept failing or throttling after the SDK's retries. */
  public static final String AWS_UNAVAILABLE = "AwsUnavailable";

  /** The operator's AWS identity may not make the call: its IAM policy lacks a permission. */
  public static final String ACCESS_DENIED = "AccessDenied";

  /** AWS refused a call for another reason, given in the message. */
  public static final String AWS_REFUSED = "AwsRefused";

  /** AWS did not apply a reverse DNS name (most often: its forward A record is missing). */
  public static final String REVERSE_DNS_FAILED = "ReverseDnsFailed";

  /** Degraded=False. */
  public static final String AS_EXPECTED = "AsExpected";

  /** How many addresses let go under Retain the status keeps listing. */
  static final int RETAINED_SHOWN = 16;

  private PoolStatusModel() {}

  /**
   * The status of {@code pool} whose indexes are held by {@code holders}.
   *
   * @param failures what failed in this reconciliation
   * @param retained addresses let go under Retain in this reconciliation
   * @param previous the status before, for the addresses retained earlier and the transition times
   */
  public static SendingIpPoolStatus of(
      IpPoolModel pool,
      Map<Integer, ElasticIp> holders,
      List<AddressFailure> failures,
      List<AddressStatus> retained,
      SendingIpPoolStatus previous,
      long generation,
      Instant now) {
    List<AddressFailure> all = new ArrayList<>(failures);
    List<AddressStatus> entries = new ArrayList<>();
    for (DesiredAddress wanted : pool.addresses()) {
      AddressStatus entry = entry(wanted, holders.get(wanted.index()), failures);
      if (entry.getPtrState() == PtrState.FAILED) {
        all.add(new AddressFailure(wanted.index(), REVERSE_DNS_FAILED, entry.getMessage()));
      }
      entries.add(entry);
    }
    entries.addAll(retained(pool, holders, retained, previous));
    long allocated = holders.size();
    long associated = holders.values().stream().filter(ElasticIp::associated).count();

    SendingIpPoolStatus status =
        new SendingIpPoolStatus()
            .setObservedGeneration(generation)
            .setAddresses(entries)
            .setAllocated((int) allocated)
            .setAssociated((int) associated);
    status.setConditions(
        ConditionTransitions.apply(
            previous == null ? null : previous.getConditions(),
            observations(pool, holders, all),
            generation,
            now));
    return status;
  }

  /** The status of a pool that could not be looked at in AWS at all: what it showed, and why. */
  public static SendingIpPoolStatus failed(
      SendingIpPoolStatus previous, AddressFailure failure, long generation, Instant now) {
    SendingIpPoolStatus status =
        previous == null
            ? new SendingIpPoolStatus().setAllocated(0).setAssociated(0)
            : new SendingIpPoolStatus()
                .setAddresses(previous.getAddresses())
                .setAllocated(previous.getAllocated())
                .setAssociated(previous.getAssociated());
    status.setObservedGeneration(generation);
    status.setConditions(
        ConditionTransitions.apply(
            previous == null ? null : previous.getConditions(),
            List.of(
                Observation.fails(Observation.READY, failure.reason(), failure.message()),
                Observation.holds(Observation.DEGRADED, failure.reason(), failure.message())),
            generation,
            now));
    return status;
  }

  /** The failures that adopting {@code pool.addresses()} runs into, one per address. */
  public static List<AddressFailure> adoptionFailures(IpPoolModel pool, List<ElasticIp> observed) {
    List<AddressFailure> failures = new ArrayList<>();
    for (String missing : AddressPlan.notFound(pool, observed)) {
      failures.add(
          new AddressFailure(
              indexOf(pool, missing),
              ALLOCATION_NOT_FOUND,
              "Elastic IP "
                  + missing
                  + " not found in region "
                  + pool.region()
                  + ": fix spec.addresses, or spec.aws.region if it lives in another region"));
    }
    for (ElasticIp taken : AddressPlan.ownedElsewhere(pool, observed)) {
      failures.add(
          new AddressFailure(
              indexOf(pool, taken.allocationId()),
              OWNED_ELSEWHERE,
              "Elastic IP "
                  + taken.allocationId()
                  + " belongs to SendingIpPool "
                  + taken.tag(OwnershipTags.NAMESPACE).orElse("?")
                  + "/"
                  + taken.tag(OwnershipTags.NAME).orElse("?")
                  + " of installation "
                  + taken.tag(OwnershipTags.CLUSTER_ID).orElse("?")
                  + ": remove it from spec.addresses, or from that pool first"));
    }
    return failures;
  }

  private static int indexOf(IpPoolModel pool, String allocationId) {
    return pool.addresses().stream()
        .filter(a -> allocationId.equals(a.adoptedId()))
        .mapToInt(DesiredAddress::index)
        .findFirst()
        .orElse(-1);
  }

  private static AddressStatus entry(
      DesiredAddress wanted, ElasticIp holder, List<AddressFailure> failures) {
    Optional<AddressFailure> failure =
        failures.stream().filter(f -> f.index() == wanted.index()).findFirst();
    AddressStatus entry = new AddressStatus().setIndex(wanted.index());
    if (holder == null) {
      return entry
          .setAllocationId(wanted.adoptedId())
          .setState(failure.isPresent() ? AddressState.FAILED : AddressState.ALLOCATING)
          .setMessage(failure.map(AddressFailure::message).orElse(null));
    }
    entry
        .setAllocationId(holder.allocationId())
        .setPublicIp(holder.publicIp())
        .setAssociationId(holder.associationId())
        .setState(
            failure.isPresent()
                ? AddressState.FAILED
                : holder.associated() ? AddressState.ASSOCIATED : AddressState.ALLOCATED)
        .setMessage(failure.map(AddressFailure::message).orElse(null));
    if (wanted.ptrName() != null) {
      reverseDns(entry, wanted.ptrName(), holder.ptr());
    }
    return entry;
  }

  private static void reverseDns(AddressStatus entry, String wanted, PtrRecord ptr) {
    if (ptr.failed()) {
      entry
          .setPtr(ptr.pendingName() != null ? ptr.pendingName() : wanted)
          .setPtrState(PtrState.FAILED);
      if (entry.getMessage() == null) {
        entry.setMessage(
            "AWS did not set reverse DNS "
                + wanted
                + (ptr.updateReason() == null ? "" : ": " + ptr.updateReason())
                + " (its forward A record must resolve to "
                + entry.getPublicIp()
                + " first)");
      }
    } else if (ptr.pendingName() != null) {
      entry.setPtr(ptr.pendingName()).setPtrState(PtrState.PENDING);
    } else if (ptr.name() != null) {
      entry.setPtr(ptr.name()).setPtrState(ptr.serves(wanted) ? PtrState.APPLIED : null);
    }
  }

  private static List<AddressStatus> retained(
      IpPoolModel pool,
      Map<Integer, ElasticIp> holders,
      List<AddressStatus> retained,
      SendingIpPoolStatus previous) {
    Set<String> seen = new HashSet<>();
    holders.values().forEach(h -> seen.add(h.allocationId()));
    List<AddressStatus> shown = new ArrayList<>();
    List<AddressStatus> candidates = new ArrayList<>(retained);
    if (previous != null && previous.getAddresses() != null) {
      // Once the pool grows back over an index, its new address is the one the status shows.
      previous.getAddresses().stream()
          .filter(a -> a.getState() == AddressState.RETAINED)
          .filter(a -> a.getIndex() == null || a.getIndex() >= pool.addresses().size())
          .forEach(candidates::add);
    }
    for (AddressStatus a : candidates) {
      if (shown.size() < RETAINED_SHOWN
          && a.getAllocationId() != null
          && seen.add(a.getAllocationId())) {
        shown.add(a);
      }
    }
    return shown;
  }

  private static List<Observation> observations(
      IpPoolModel pool, Map<Integer, ElasticIp> holders, List<AddressFailure> failures) {
    int wanted = pool.addresses().size();
    String counts = holders.size() + "/" + wanted + " addresses allocated";
    if (!failures.isEmpty()) {
      AddressFailure first = failures.get(0);
      String message =
          failures.size() == 1
              ? first.message()
              : first.message() + " (and " + (failures.size() - 1) + " more: see status.addresses)";
      return List.of(
          Observation.fails(Observation.READY, first.reason(), counts + "; " + message),
          Observation.holds(Observation.DEGRADED, first.reason(), message));
    }
    Observation ready =
        holders.size() == wanted
            ? Observation.holds(Observation.READY, ADDRESSES_READY, counts)
            : Observation.fails(Observation.READY, ALLOCATING, counts);
    return List.of(ready, Observation.fails(Observation.DEGRADED, AS_EXPECTED, counts));
  }
}
