package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The load signal the operator sizes a DeliveryTier by in Auto mode. */
public enum ScalingMetric {
  /** Messages queued per pod. */
  @JsonProperty("QueueDepth")
  QUEUE_DEPTH,

  /** Age of the oldest queued message. */
  @JsonProperty("OldestMessageAge")
  OLDEST_MESSAGE_AGE,

  /** Visible messages in the tier's SQS source per pod. */
  @JsonProperty("SqsBacklog")
  SQS_BACKLOG;
}
