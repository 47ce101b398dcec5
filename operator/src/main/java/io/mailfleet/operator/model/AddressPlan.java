package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.model.AddressAction.Allocate;
import io.mailfleet.operator.model.AddressAction.Disassociate;
import io.mailfleet.operator.model.AddressAction.Release;
import io.mailfleet.operator.model.AddressAction.ReleaseCause;
import io.mailfleet.operator.model.AddressAction.ResetPtr;
import io.mailfleet.operator.model.AddressAction.SetPtr;
import io.mailfleet.operator.model.AddressAction.Tag;
import io.mailfleet.operator.model.AddressAction.Untag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The AWS writes that take a pool from what AWS holds to what its spec says, computed by comparing
 * the two: a pool whose addresses already match needs none, so a steady-state reconciliation makes
 * no write at all.
 *
 * @param holders the address holding each index (absent indexes have none yet)
 * @param actions the writes, in the order to make them: let go first (frees quota), then tag,
 *     allocate, name
 */
public record AddressPlan(Map<Integer, ElasticIp> holders, List<AddressAction> actions) {

  public AddressPlan {
    holders = Map.copyOf(holders);
    actions = List.copyOf(actions);
  }

  /** Whether the pool already matches its spec. */
  public boolean converged() {
    return actions.isEmpty();
  }

  /**
   * The plan for {@code pool} given {@code observed}: the addresses tagged as the pool's and, when
   * it adopts, those its spec names.
   */
  public static AddressPlan of(IpPoolModel pool, Collection<ElasticIp> observed) {
    return of(pool, observed, false);
  }

  /**
   * As {@link #of(IpPoolModel, Collection)}; a PTR name that AWS refused is asked for again only
   * when {@code retryRefusedNames}: asking at once would hide the refusal (the name shows PENDING
   * again) and repeat it forever while the forward record is missing.
   */
  public static AddressPlan of(
      IpPoolModel pool, Collection<ElasticIp> observed, boolean retryRefusedNames) {
    Map<Integer, ElasticIp> holders = new LinkedHashMap<>();
    List<AddressAction> letGo = new ArrayList<>();
    Set<String> holding = new HashSet<>();
    for (DesiredAddress wanted : pool.addresses()) {
      holder(pool, wanted, observed)
          .ifPresent(
              h -> {
                holders.put(wanted.index(), h);
                holding.add(h.allocationId());
              });
    }
    for (ElasticIp address : sorted(observed)) {
      if (holding.contains(address.allocationId())
          || !OwnershipTags.ownedBy(address, pool.clusterId(), pool.uid())) {
        continue;
      }
      ElasticIp holder = holders.get(OwnershipTags.index(address));
      boolean duplicate =
          holder != null && !OwnershipTags.adopted(address) && !OwnershipTags.adopted(holder);
      letGo.addAll(
          duplicate
              ? release(address, ReleaseCause.DUPLICATE)
              : leave(address, pool.releasePolicy(), ReleaseCause.LEFT_POOL));
    }

    List<AddressAction> tags = new ArrayList<>();
    List<AddressAction> allocations = new ArrayList<>();
    List<AddressAction> names = new ArrayList<>();
    for (DesiredAddress wanted : pool.addresses()) {
      ElasticIp holder = holders.get(wanted.index());
      if (holder == null) {
        if (!wanted.adopted()) {
          allocations.add(
              new Allocate(
                  wanted.index(),
                  pool.tagsFor(wanted),
                  pool.networkBorderGroup(),
                  pool.publicIpv4Pool()));
        }
        continue;
      }
      Map<String, String> missing = missingTags(pool.tagsFor(wanted), holder.tags());
      if (!missing.isEmpty()) {
        tags.add(new Tag(wanted.index(), holder.allocationId(), missing));
      }
      if (wanted.ptrName() != null
          && !holder.ptr().serves(wanted.ptrName())
          && (retryRefusedNames || !holder.ptr().refused(wanted.ptrName()))) {
        names.add(new SetPtr(wanted.index(), holder.allocationId(), wanted.ptrName()));
      }
    }
    List<AddressAction> actions = new ArrayList<>(letGo);
    actions.addAll(tags);
    actions.addAll(allocations);
    actions.addAll(names);
    return new AddressPlan(holders, actions);
  }

  /**
   * What deleting the pool does: every address it holds leaves it, by {@code policy} (adopted ones
   * are only untagged).
   */
  public static List<AddressAction> deletion(IpPoolModel pool, Collection<ElasticIp> observed) {
    return sorted(observed).stream()
        .filter(a -> OwnershipTags.ownedBy(a, pool.clusterId(), pool.uid()))
        .flatMap(a -> leave(a, pool.releasePolicy(), ReleaseCause.POOL_DELETED).stream())
        .toList();
  }

  /**
   * What the orphan sweep does with an address whose pool is gone: what its recorded policy says
   * (Retain when it recorded none).
   */
  public static List<AddressAction> orphan(ElasticIp address) {
    ReleasePolicy recorded =
        address
            .tag(OwnershipTags.RELEASE_POLICY)
            .filter(IpPoolModel.policyTag(ReleasePolicy.RELEASE)::equals)
            .map(p -> ReleasePolicy.RELEASE)
            .orElse(ReleasePolicy.RETAIN);
    return leave(address, recorded, ReleaseCause.ORPHANED);
  }

  /** The addresses a pool adopting {@code pool.addresses()} names that AWS does not know. */
  public static List<String> notFound(IpPoolModel pool, Collection<ElasticIp> observed) {
    Set<String> known = new HashSet<>();
    observed.forEach(a -> known.add(a.allocationId()));
    return pool.adoptedIds().stream().filter(id -> !known.contains(id)).toList();
  }

  /** The adopted addresses that carry another pool's (or installation's) ownership tags. */
  public static List<ElasticIp> ownedElsewhere(IpPoolModel pool, Collection<ElasticIp> observed) {
    Set<String> adopting = Set.copyOf(pool.adoptedIds());
    return sorted(observed).stream()
        .filter(a -> adopting.contains(a.allocationId()))
        .filter(
            a ->
                a.tag(OwnershipTags.OWNER_UID).isPresent()
                    || a.tag(OwnershipTags.CLUSTER_ID).isPresent())
        .filter(a -> !OwnershipTags.ownedBy(a, pool.clusterId(), pool.uid()))
        .toList();
  }

  private static Optional<ElasticIp> holder(
      IpPoolModel pool, DesiredAddress wanted, Collection<ElasticIp> observed) {
    if (wanted.adopted()) {
      return observed.stream()
          .filter(a -> a.allocationId().equals(wanted.adoptedId()))
          .filter(
              a ->
                  OwnershipTags.ownedBy(a, pool.clusterId(), pool.uid())
                      || (a.tag(OwnershipTags.OWNER_UID).isEmpty()
                          && a.tag(OwnershipTags.CLUSTER_ID).isEmpty()))
          .findFirst();
    }
    // Of several addresses tagged with one index (an AllocateAddress retried after its answer was
    // lost), every replica keeps the same one: the lowest allocation ID.
    return sorted(observed).stream()
        .filter(a -> OwnershipTags.ownedBy(a, pool.clusterId(), pool.uid()))
        .filter(a -> !OwnershipTags.adopted(a))
        .filter(a -> OwnershipTags.index(a) == wanted.index())
        .findFirst();
  }

  /** Disassociate (AWS refuses to release an associated address), drop the PTR, then let go. */
  private static List<AddressAction> leave(
      ElasticIp address, ReleasePolicy policy, ReleaseCause cause) {
    if (policy == ReleasePolicy.RELEASE && !OwnershipTags.adopted(address)) {
      return release(address, cause);
    }
    int index = OwnershipTags.index(address);
    // An adopted address keeps the PTR it came with; the name of one the pool allocated is the
    // pool's.
    List<AddressAction> actions = new ArrayList<>(unbind(address, !OwnershipTags.adopted(address)));
    List<String> ours =
        OwnershipTags.ALL.stream().filter(k -> address.tags().containsKey(k)).toList();
    actions.add(new Untag(index, address.allocationId(), address.publicIp(), ours));
    return actions;
  }

  private static List<AddressAction> release(ElasticIp address, ReleaseCause cause) {
    List<AddressAction> actions = new ArrayList<>(unbind(address, true));
    actions.add(
        new Release(
            OwnershipTags.index(address),
            address.allocationId(),
            address.publicIp(),
            address.networkBorderGroup(),
            cause));
    return actions;
  }

  private static List<AddressAction> unbind(ElasticIp address, boolean resetPtr) {
    int index = OwnershipTags.index(address);
    List<AddressAction> actions = new ArrayList<>();
    if (address.associated()) {
      actions.add(new Disassociate(index, address.allocationId(), address.associationId()));
    }
    if (resetPtr && address.ptr().isSet()) {
      actions.add(new ResetPtr(index, address.allocationId()));
    }
    return actions;
  }

  private static Map<String, String> missingTags(
      Map<String, String> wanted, Map<String, String> present) {
    Map<String, String> missing = new LinkedHashMap<>();
    wanted.forEach(
        (k, v) -> {
          if (!v.equals(present.get(k))) {
            missing.put(k, v);
          }
        });
    return missing;
  }

  private static List<ElasticIp> sorted(Collection<ElasticIp> observed) {
    return observed.stream().sorted(Comparator.comparing(ElasticIp::allocationId)).toList();
  }
}
