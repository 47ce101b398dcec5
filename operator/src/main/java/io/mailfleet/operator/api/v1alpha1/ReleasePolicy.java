package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to a pool's Elastic IPs when they leave the pool. */
public enum ReleasePolicy {
  /** Give them back to AWS. */
  @JsonProperty("Release")
  RELEASE,

  /** Keep them allocated, with their reputation; only the pool's tags are removed. */
  @JsonProperty("Retain")
  RETAIN;
}
