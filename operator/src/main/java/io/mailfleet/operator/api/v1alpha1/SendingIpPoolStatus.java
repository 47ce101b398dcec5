package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** What the operator last observed of a SendingIpPool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "conditions", "addresses", "allocated", "associated"})
public class SendingIpPoolStatus {

  @JsonPropertyDescription("metadata.generation that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing and Degraded.")
  private List<Condition> conditions;

  @JsonPropertyDescription("One entry per address of the pool.")
  private List<AddressStatus> addresses;

  @JsonPropertyDescription("Addresses allocated (or adopted).")
  private Integer allocated;

  @JsonPropertyDescription("Addresses associated with a tier pod.")
  private Integer associated;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public SendingIpPoolStatus setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
    return this;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public SendingIpPoolStatus setConditions(List<Condition> conditions) {
    this.conditions = conditions;
    return this;
  }

  public List<AddressStatus> getAddresses() {
    return addresses;
  }

  public SendingIpPoolStatus setAddresses(List<AddressStatus> addresses) {
    this.addresses = addresses;
    return this;
  }

  public Integer getAllocated() {
    return allocated;
  }

  public SendingIpPoolStatus setAllocated(Integer allocated) {
    this.allocated = allocated;
    return this;
  }

  public Integer getAssociated() {
    return associated;
  }

  public SendingIpPoolStatus setAssociated(Integer associated) {
    this.associated = associated;
    return this;
  }
}
