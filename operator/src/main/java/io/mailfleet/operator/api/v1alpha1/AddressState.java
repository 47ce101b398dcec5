package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an Elastic IP of a pool is in its life cycle. */
public enum AddressState {
  /** Not allocated yet: AllocateAddress is to be called, or failed (the conditions say why). */
  @JsonProperty("Allocating")
  ALLOCATING,

  /** Allocated or adopted, not yet bound to a pod. */
  @JsonProperty("Allocated")
  ALLOCATED,

  /** Bound to its tier pod. */
  @JsonProperty("Associated")
  ASSOCIATED,

  /** Leaving the pool according to its release policy. */
  @JsonProperty("Releasing")
  RELEASING,

  /** Left the pool under releasePolicy Retain: still allocated, no longer tagged as the pool's. */
  @JsonProperty("Retained")
  RETAINED,

  /** AWS refused an operation; the address's message and the pool's conditions say why. */
  @JsonProperty("Failed")
  FAILED;
}
