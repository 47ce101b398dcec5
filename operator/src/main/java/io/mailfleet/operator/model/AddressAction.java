package io.mailfleet.operator.model;

import java.util.List;
import java.util.Map;

/** One AWS write that brings a pool's addresses closer to its spec. */
public sealed interface AddressAction {

  /** The pool index the action is about, -1 when the address has none. */
  int index();

  /** The address the action is about, null for an allocation. */
  String allocationId();

  /** Why an address is released. */
  enum ReleaseCause {
    /** The pool shrank (or switched to adopting) under releasePolicy Release. */
    LEFT_POOL,
    /** A second address for an index, left by an AllocateAddress retried after a lost answer. */
    DUPLICATE,
    /** The pool is being deleted under releasePolicy Release. */
    POOL_DELETED,
    /** Its pool no longer exists and the address recorded releasePolicy Release. */
    ORPHANED
  }

  /** AllocateAddress with the tags on the call itself, so no untagged address ever exists. */
  record Allocate(
      int index, Map<String, String> tags, String networkBorderGroup, String publicIpv4Pool)
      implements AddressAction {
    public Allocate {
      tags = Map.copyOf(tags);
    }

    @Override
    public String allocationId() {
      return null;
    }
  }

  /** CreateTags: sets {@code tags} (adoption, a changed releasePolicy or spec.aws.tags). */
  record Tag(int index, String allocationId, Map<String, String> tags) implements AddressAction {
    public Tag {
      tags = Map.copyOf(tags);
    }
  }

  /** ModifyAddressAttribute DomainName. */
  record SetPtr(int index, String allocationId, String name) implements AddressAction {}

  /** ResetAddressAttribute domain-name: the address leaves the pool, its name stays behind. */
  record ResetPtr(int index, String allocationId) implements AddressAction {}

  /** DisassociateAddress: AWS refuses to release an associated address. */
  record Disassociate(int index, String allocationId, String associationId)
      implements AddressAction {}

  /** ReleaseAddress. */
  record Release(
      int index,
      String allocationId,
      String publicIp,
      String networkBorderGroup,
      ReleaseCause cause)
      implements AddressAction {}

  /** DeleteTags of the ownership tags: the address stays allocated and is no longer the pool's. */
  record Untag(int index, String allocationId, String publicIp, List<String> keys)
      implements AddressAction {
    public Untag {
      keys = List.copyOf(keys);
    }
  }
}
