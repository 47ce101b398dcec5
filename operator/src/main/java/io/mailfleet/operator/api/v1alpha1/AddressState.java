package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an Elastic IP of a pool is in its life cycle. */
public enum AddressState {
  /** Allocated or adopted, not yet bound to a pod. */
  @JsonProperty("Allocated")
  ALLOCATED,

  /** Bound to its tier pod. */
  @JsonProperty("Associated")
  ASSOCIATED,

  /** Leaving the pool according to its release policy. */
  @JsonProperty("Releasing")
  RELEASING,

  /** AWS refused an operation; the pool's conditions say why. */
  @JsonProperty("Failed")
  FAILED;
}
