package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When an MTA acknowledges a message relative to writing it to disk. */
public enum SpoolDurability {
  /** Reply 250 only after the message is fsynced: nothing acknowledged is ever lost. */
  @JsonProperty("Fsync")
  FSYNC,

  /**
   * Reply 250 once written; fsync follows within milliseconds. Faster; a node crash may lose that
   * window.
   */
  @JsonProperty("Batched")
  BATCHED;
}
