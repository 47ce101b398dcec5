package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** What the operator last observed of a MailCluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "observedGeneration",
  "conditions",
  "tiers",
  "loadBalancerDnsName",
  "queueDepth"
})
public class MailClusterStatus {

  @JsonPropertyDescription("metadata.generation that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing, Degraded and LoadBalancerReady.")
  private List<Condition> conditions;

  @JsonPropertyDescription("One line per DeliveryTier of this cluster.")
  private List<TierSummary> tiers;

  @JsonPropertyDescription(
      "DNS name of the network load balancer: point MX records or submission clients at it.")
  private String loadBalancerDnsName;

  @JsonPropertyDescription("Messages queued across all tiers.")
  private Long queueDepth;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public MailClusterStatus setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
    return this;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public MailClusterStatus setConditions(List<Condition> conditions) {
    this.conditions = conditions;
    return this;
  }

  public List<TierSummary> getTiers() {
    return tiers;
  }

  public MailClusterStatus setTiers(List<TierSummary> tiers) {
    this.tiers = tiers;
    return this;
  }

  public String getLoadBalancerDnsName() {
    return loadBalancerDnsName;
  }

  public MailClusterStatus setLoadBalancerDnsName(String loadBalancerDnsName) {
    this.loadBalancerDnsName = loadBalancerDnsName;
    return this;
  }

  public Long getQueueDepth() {
    return queueDepth;
  }

  public MailClusterStatus setQueueDepth(Long queueDepth) {
    this.queueDepth = queueDepth;
    return this;
  }
}
