package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One observation of a resource's state, in the shape of Kubernetes' metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "type",
  "status",
  "observedGeneration",
  "lastTransitionTime",
  "reason",
  "message"
})
public class Condition {

  @JsonPropertyDescription("Kind of observation in CamelCase, e.g. Ready, Progressing, Degraded.")
  @Required
  @Size(min = 1, max = 316)
  @Pattern(SchemaPatterns.CONDITION_TYPE)
  private String type;

  @JsonPropertyDescription("True, False or Unknown: whether the observation named by type holds.")
  @Required
  private ConditionStatus status;

  @JsonPropertyDescription(
      "metadata.generation of the resource that this condition was computed from.")
  @Min(0)
  private Long observedGeneration;

  @JsonPropertyDescription("When status last changed (RFC 3339).")
  @Required
  private String lastTransitionTime;

  @JsonPropertyDescription(
      "Machine-readable CamelCase cause of the last transition, e.g. ClusterNotFound.")
  @Required
  @Size(min = 1, max = 1024)
  @Pattern(SchemaPatterns.CONDITION_REASON)
  private String reason;

  @JsonPropertyDescription(
      "Human-readable detail of the last transition: what happened and what to do about it.")
  @Required
  @Size(max = 32768)
  private String message;

  public String getType() {
    return type;
  }

  public Condition setType(String type) {
    this.type = type;
    return this;
  }

  public ConditionStatus getStatus() {
    return status;
  }

  public Condition setStatus(ConditionStatus status) {
    this.status = status;
    return this;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public Condition setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
    return this;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public Condition setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
    return this;
  }

  public String getReason() {
    return reason;
  }

  public Condition setReason(String reason) {
    this.reason = reason;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public Condition setMessage(String message) {
    this.message = message;
    return this;
  }
}
