package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A DeliveryTier as its MailCluster's status reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "replicas", "readyReplicas", "queueDepth"})
public class TierSummary {

  @JsonPropertyDescription("Name of the DeliveryTier.")
  private String name;

  @JsonPropertyDescription("MTA pods that exist.")
  private Integer replicas;

  @JsonPropertyDescription("MTA pods that are ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Messages queued in the tier.")
  private Long queueDepth;

  public String getName() {
    return name;
  }

  public TierSummary setName(String name) {
    this.name = name;
    return this;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public TierSummary setReplicas(Integer replicas) {
    this.replicas = replicas;
    return this;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public TierSummary setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
    return this;
  }

  public Long getQueueDepth() {
    return queueDepth;
  }

  public TierSummary setQueueDepth(Long queueDepth) {
    this.queueDepth = queueDepth;
    return this;
  }
}
