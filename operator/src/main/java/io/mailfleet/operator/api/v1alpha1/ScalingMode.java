package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who decides a DeliveryTier's pod count. */
public enum ScalingMode {
  /** The operator, from the tier's metric; it never writes spec. */
  @JsonProperty("Auto")
  AUTO,

  /** Whoever writes spec.replicas through the scale subresource: HPA, KEDA or kubectl scale. */
  @JsonProperty("External")
  EXTERNAL;
}
