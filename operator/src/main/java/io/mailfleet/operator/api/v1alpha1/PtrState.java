package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where AWS is with an address's reverse DNS (PTR) name. */
public enum PtrState {
  /** Requested with ModifyAddressAttribute; AWS checks the forward record before it applies it. */
  @JsonProperty("Pending")
  PENDING,

  /** AWS serves the name as the address's PTR record. */
  @JsonProperty("Applied")
  APPLIED,

  /** AWS refused the name; the address's message gives AWS's reason. */
  @JsonProperty("Failed")
  FAILED;
}
