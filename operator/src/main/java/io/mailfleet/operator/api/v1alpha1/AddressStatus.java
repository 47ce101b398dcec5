package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One Elastic IP of a pool and where it is bound. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "index",
  "allocationId",
  "publicIp",
  "boundTo",
  "associationId",
  "ptr",
  "ptrState",
  "warmupDay",
  "dailyCap",
  "state",
  "message"
})
public class AddressStatus {

  @JsonPropertyDescription(
      "Position of the address in the pool; it goes to the tier pod of the same ordinal.")
  private Integer index;

  @JsonPropertyDescription("AWS allocation ID.")
  private String allocationId;

  @JsonPropertyDescription("The public IPv4 address.")
  private String publicIp;

  @JsonPropertyDescription("The pod the address is associated with.")
  private PodBinding boundTo;

  @JsonPropertyDescription("AWS association ID of the current binding.")
  private String associationId;

  @JsonPropertyDescription("Reverse DNS name set on the address.")
  private String ptr;

  @JsonPropertyDescription(
      "Whether AWS has applied the reverse DNS name: Pending, Applied or Failed (message says why).")
  private PtrState ptrState;

  @JsonPropertyDescription("Day of warm-up the address is on, from 1.")
  private Integer warmupDay;

  @JsonPropertyDescription("Messages the address may send today; unset when warm-up is over.")
  private Integer dailyCap;

  @JsonPropertyDescription("Where the address is in its life cycle.")
  private AddressState state;

  @JsonPropertyDescription("What AWS said when an operation on this address failed.")
  private String message;

  public Integer getIndex() {
    return index;
  }

  public AddressStatus setIndex(Integer index) {
    this.index = index;
    return this;
  }

  public String getAllocationId() {
    return allocationId;
  }

  public AddressStatus setAllocationId(String allocationId) {
    this.allocationId = allocationId;
    return this;
  }

  public String getPublicIp() {
    return publicIp;
  }

  public AddressStatus setPublicIp(String publicIp) {
    this.publicIp = publicIp;
    return this;
  }

  public PodBinding getBoundTo() {
    return boundTo;
  }

  public AddressStatus setBoundTo(PodBinding boundTo) {
    this.boundTo = boundTo;
    return this;
  }

  public String getAssociationId() {
    return associationId;
  }

  public AddressStatus setAssociationId(String associationId) {
    this.associationId = associationId;
    return this;
  }

  public String getPtr() {
    return ptr;
  }

  public AddressStatus setPtr(String ptr) {
    this.ptr = ptr;
    return this;
  }

  public PtrState getPtrState() {
    return ptrState;
  }

  public AddressStatus setPtrState(PtrState ptrState) {
    this.ptrState = ptrState;
    return this;
  }

  public Integer getWarmupDay() {
    return warmupDay;
  }

  public AddressStatus setWarmupDay(Integer warmupDay) {
    this.warmupDay = warmupDay;
    return this;
  }

  public Integer getDailyCap() {
    return dailyCap;
  }

  public AddressStatus setDailyCap(Integer dailyCap) {
    this.dailyCap = dailyCap;
    return this;
  }

  public AddressState getState() {
    return state;
  }

  public AddressStatus setState(AddressState state) {
    this.state = state;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public AddressStatus setMessage(String message) {
    this.message = message;
    return this;
  }
}
