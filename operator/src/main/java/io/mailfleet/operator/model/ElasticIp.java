package io.mailfleet.operator.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Elastic IP as AWS describes it.
 *
 * @param allocationId AWS allocation ID
 * @param publicIp the public IPv4 address
 * @param associationId the current association, null when not associated
 * @param networkBorderGroup where it was allocated (ReleaseAddress needs it outside the region's
 *     default group)
 * @param tags all its tags
 * @param ptr its reverse DNS, {@link PtrRecord#NONE} when not looked up or not set
 */
public record ElasticIp(
    String allocationId,
    String publicIp,
    String associationId,
    String networkBorderGroup,
    Map<String, String> tags,
    PtrRecord ptr) {

  public ElasticIp {
    Objects.requireNonNull(allocationId, "allocationId");
    tags = Map.copyOf(tags);
    ptr = ptr == null ? PtrRecord.NONE : ptr;
  }

  /** Whether it is associated with a network interface or instance. */
  public boolean associated() {
    return associationId != null;
  }

  /** The value of tag {@code key}. */
  public Optional<String> tag(String key) {
    return Optional.ofNullable(tags.get(key));
  }

  /** This address with its reverse DNS as observed. */
  public ElasticIp withPtr(PtrRecord observed) {
    return new ElasticIp(allocationId, publicIp, associationId, networkBorderGroup, tags, observed);
  }

  /** This address with {@code changed} tags set (a null value removes the key). */
  public ElasticIp withTags(Map<String, String> changed) {
    Map<String, String> merged = new HashMap<>(tags);
    changed.forEach(
        (k, v) -> {
          if (v == null) {
            merged.remove(k);
          } else {
            merged.put(k, v);
          }
        });
    return new ElasticIp(allocationId, publicIp, associationId, networkBorderGroup, merged, ptr);
  }

  /** This address no longer associated. */
  public ElasticIp disassociated() {
    return new ElasticIp(allocationId, publicIp, null, networkBorderGroup, tags, ptr);
  }
}
