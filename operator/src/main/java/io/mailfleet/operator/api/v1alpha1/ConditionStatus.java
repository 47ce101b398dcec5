package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the observation a Condition names holds. */
public enum ConditionStatus {
  /** The observation holds. */
  @JsonProperty("True")
  TRUE,

  /** The observation does not hold. */
  @JsonProperty("False")
  FALSE,

  /** The operator cannot tell yet. */
  @JsonProperty("Unknown")
  UNKNOWN;
}
