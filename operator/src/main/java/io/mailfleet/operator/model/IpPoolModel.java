package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.AwsAddressSettings;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A SendingIpPool resolved once into what its addresses should be: where they live, which indexes
 * exist, their tags and PTR names, and what happens to them when they leave.
 *
 * @param clusterId the operator's installation id (the cluster-id tag)
 * @param uid the pool's metadata.uid (the owner-uid tag)
 * @param namespace the pool's namespace
 * @param name the pool's name
 * @param region AWS region of the addresses, null when neither the pool nor the operator names one
 * @param addresses the addresses by index
 * @param userTags spec.aws.tags
 * @param releasePolicy what leaving the pool does to an address the pool allocated
 * @param networkBorderGroup passed to AllocateAddress, null for the region's
 * @param publicIpv4Pool passed to AllocateAddress, null for Amazon's pool
 */
public record IpPoolModel(
    String clusterId,
    String uid,
    String namespace,
    String name,
    String region,
    List<DesiredAddress> addresses,
    Map<String, String> userTags,
    ReleasePolicy releasePolicy,
    String networkBorderGroup,
    String publicIpv4Pool) {

  /** Stands for the index in reverseDns.template. */
  public static final String INDEX_PLACEHOLDER = "{index}";

  public IpPoolModel {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(uid, "uid");
    addresses = List.copyOf(addresses);
    userTags = Map.copyOf(userTags);
    Objects.requireNonNull(releasePolicy, "releasePolicy");
  }

  /**
   * The model of {@code pool} in installation {@code clusterId}; {@code defaultRegion} may be null.
   */
  public static IpPoolModel of(SendingIpPool pool, String clusterId, String defaultRegion) {
    SendingIpPoolSpec spec = pool.getSpec();
    AwsAddressSettings aws = spec.getAws() == null ? new AwsAddressSettings() : spec.getAws();
    String template = spec.getReverseDns() == null ? null : spec.getReverseDns().getTemplate();
    List<String> adopted = spec.getAddresses() == null ? List.of() : spec.getAddresses();
    int count = spec.getSize() != null ? spec.getSize() : adopted.size();
    List<DesiredAddress> addresses =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    new DesiredAddress(
                        i,
                        spec.getSize() != null ? null : adopted.get(i),
                        template == null
                            ? null
                            : template.replace(INDEX_PLACEHOLDER, Integer.toString(i))))
            .toList();
    return new IpPoolModel(
        clusterId,
        pool.getMetadata().getUid(),
        pool.getMetadata().getNamespace(),
        pool.getMetadata().getName(),
        aws.getRegion() != null ? aws.getRegion() : defaultRegion,
        addresses,
        aws.getTags() == null ? Map.of() : aws.getTags(),
        spec.getReleasePolicy() == null ? ReleasePolicy.RETAIN : spec.getReleasePolicy(),
        aws.getNetworkBorderGroup(),
        aws.getPublicIpv4Pool());
  }

  /** Whether the pool names reverse DNS for its addresses. */
  public boolean setsReverseDns() {
    return addresses.stream().anyMatch(a -> a.ptrName() != null);
  }

  /** The allocation IDs the pool adopts (spec.addresses), by index; empty when it allocates. */
  public List<String> adoptedIds() {
    return addresses.stream().map(DesiredAddress::adoptedId).filter(Objects::nonNull).toList();
  }

  /** The tags of address {@code index}: the user's, then the ownership tags over them. */
  public Map<String, String> tagsFor(DesiredAddress address) {
    Map<String, String> tags = new LinkedHashMap<>(userTags);
    tags.put(OwnershipTags.CLUSTER_ID, clusterId);
    tags.put(OwnershipTags.OWNER_UID, uid);
    tags.put(OwnershipTags.NAMESPACE, namespace);
    tags.put(OwnershipTags.NAME, name);
    tags.put(OwnershipTags.INDEX, Integer.toString(address.index()));
    tags.put(OwnershipTags.RELEASE_POLICY, policyTag(releasePolicy));
    if (address.adopted()) {
      tags.put(OwnershipTags.ADOPTED, "true");
    }
    return tags;
  }

  /** The tag filter that finds this pool's addresses. */
  public Map<String, String> ownerFilter() {
    return OwnershipTags.pool(clusterId, uid);
  }

  /** The release-policy tag's value: the CRD's spelling. */
  public static String policyTag(ReleasePolicy policy) {
    return policy == ReleasePolicy.RELEASE ? "Release" : "Retain";
  }

  /** "namespace/name", for logs and messages. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }
}
