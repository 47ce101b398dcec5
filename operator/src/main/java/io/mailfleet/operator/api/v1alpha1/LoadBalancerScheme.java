package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who can reach a MailCluster's load balancer. */
public enum LoadBalancerScheme {
  /** Reachable from the Internet, for mail from other domains. */
  @JsonProperty("internet-facing")
  INTERNET_FACING,

  /** Reachable only from inside the VPC, for submission by your own services. */
  @JsonProperty("internal")
  INTERNAL;
}
