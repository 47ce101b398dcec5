package io.mailfleet.operator.model;

import java.util.List;
import java.util.Map;

/**
 * The tags that make an AWS object a pool's: set on AllocateAddress itself, looked up before every
 * allocation, and the only mark by which the operator touches an address at all.
 */
public final class OwnershipTags {

  /** The installation (the operator's MAILFLEET_CLUSTER_ID). */
  public static final String CLUSTER_ID = "mailfleet.io/cluster-id";

  /** metadata.uid of the SendingIpPool: a pool recreated under the same name is another owner. */
  public static final String OWNER_UID = "mailfleet.io/owner-uid";

  /** Namespace of the SendingIpPool, for people and the orphan sweep's reports. */
  public static final String NAMESPACE = "mailfleet.io/namespace";

  /** Name of the SendingIpPool. */
  public static final String NAME = "mailfleet.io/name";

  /** Position of the address in its pool: it is bound to the tier pod of that ordinal. */
  public static final String INDEX = "mailfleet.io/index";

  /**
   * The pool's releasePolicy when last reconciled: what the orphan sweep does with the address once
   * its pool is gone without having cleaned up.
   */
  public static final String RELEASE_POLICY = "mailfleet.io/release-policy";

  /** "true" on an address the pool adopted (spec.addresses): it is never released. */
  public static final String ADOPTED = "mailfleet.io/adopted";

  /** Every key above: what leaving the pool removes. */
  public static final List<String> ALL =
      List.of(CLUSTER_ID, OWNER_UID, NAMESPACE, NAME, INDEX, RELEASE_POLICY, ADOPTED);

  private OwnershipTags() {}

  /** The tag filter of everything installation {@code clusterId} owns. */
  public static Map<String, String> installation(String clusterId) {
    return Map.of(CLUSTER_ID, clusterId);
  }

  /**
   * The tag filter of everything the pool with {@code uid} owns in installation {@code clusterId}.
   */
  public static Map<String, String> pool(String clusterId, String uid) {
    return Map.of(CLUSTER_ID, clusterId, OWNER_UID, uid);
  }

  /** Whether {@code address} carries the tags of that pool. */
  public static boolean ownedBy(ElasticIp address, String clusterId, String uid) {
    return address.tag(CLUSTER_ID).filter(clusterId::equals).isPresent()
        && address.tag(OWNER_UID).filter(uid::equals).isPresent();
  }

  /** The address's index tag, -1 when it has none or a malformed one. */
  public static int index(ElasticIp address) {
    return address
        .tag(INDEX)
        .filter(v -> v.matches("[0-9]{1,4}"))
        .map(Integer::parseInt)
        .orElse(-1);
  }

  /** Whether the address was adopted (and so is never released). */
  public static boolean adopted(ElasticIp address) {
    return address.tag(ADOPTED).filter("true"::equals).isPresent();
  }
}
