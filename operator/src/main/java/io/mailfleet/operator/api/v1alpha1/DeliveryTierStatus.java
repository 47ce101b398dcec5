package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** What the operator last observed of a DeliveryTier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "observedGeneration",
  "conditions",
  "replicas",
  "readyReplicas",
  "desiredReplicas",
  "selector",
  "queueDepth",
  "oldestMessageAge",
  "lastScaleTime",
  "lastScaleReason",
  "drainingPods",
  "scaleDown"
})
public class DeliveryTierStatus {

  @JsonPropertyDescription("metadata.generation that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing, Degraded and Scaling.")
  private List<Condition> conditions;

  @JsonPropertyDescription("MTA pods that exist.")
  @StatusReplicas
  private Integer replicas;

  @JsonPropertyDescription("MTA pods that are ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Pods the tier is being sized to.")
  private Integer desiredReplicas;

  @JsonPropertyDescription("Label selector of the tier's pods, for the scale subresource.")
  @LabelSelector
  private String selector;

  @JsonPropertyDescription("Messages queued in the tier.")
  private Long queueDepth;

  @JsonPropertyDescription("Age of the oldest queued message, e.g. 3m12s.")
  private String oldestMessageAge;

  @JsonPropertyDescription("When the tier was last resized (RFC 3339).")
  private String lastScaleTime;

  @JsonPropertyDescription("Why the tier was last resized.")
  private String lastScaleReason;

  @JsonPropertyDescription("Pods handing their queues to peers before they leave.")
  private List<String> drainingPods;

  @JsonPropertyDescription(
      "The pod being removed (drained, handing its queue to a peer), or the last removal called off.")
  private ScaleDownStep scaleDown;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public DeliveryTierStatus setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
    return this;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public DeliveryTierStatus setConditions(List<Condition> conditions) {
    this.conditions = conditions;
    return this;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public DeliveryTierStatus setReplicas(Integer replicas) {
    this.replicas = replicas;
    return this;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public DeliveryTierStatus setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
    return this;
  }

  public Integer getDesiredReplicas() {
    return desiredReplicas;
  }

  public DeliveryTierStatus setDesiredReplicas(Integer desiredReplicas) {
    this.desiredReplicas = desiredReplicas;
    return this;
  }

  public String getSelector() {
    return selector;
  }

  public DeliveryTierStatus setSelector(String selector) {
    this.selector = selector;
    return this;
  }

  public Long getQueueDepth() {
    return queueDepth;
  }

  public DeliveryTierStatus setQueueDepth(Long queueDepth) {
    this.queueDepth = queueDepth;
    return this;
  }

  public String getOldestMessageAge() {
    return oldestMessageAge;
  }

  public DeliveryTierStatus setOldestMessageAge(String oldestMessageAge) {
    this.oldestMessageAge = oldestMessageAge;
    return this;
  }

  public String getLastScaleTime() {
    return lastScaleTime;
  }

  public DeliveryTierStatus setLastScaleTime(String lastScaleTime) {
    this.lastScaleTime = lastScaleTime;
    return this;
  }

  public String getLastScaleReason() {
    return lastScaleReason;
  }

  public DeliveryTierStatus setLastScaleReason(String lastScaleReason) {
    this.lastScaleReason = lastScaleReason;
    return this;
  }

  public List<String> getDrainingPods() {
    return drainingPods;
  }

  public DeliveryTierStatus setDrainingPods(List<String> drainingPods) {
    this.drainingPods = drainingPods;
    return this;
  }

  public ScaleDownStep getScaleDown() {
    return scaleDown;
  }

  public DeliveryTierStatus setScaleDown(ScaleDownStep scaleDown) {
    this.scaleDown = scaleDown;
    return this;
  }
}
