package io.mailfleet.operator.scaling;

/**
 * Why a decision came out as it did: the last rule that set the pod count. Its {@link #label()} is
 * a bounded metric label and the start of the tier's {@code lastScaleReason}.
 */
public enum ScalingReason {
  /** Messages queued per pod against targetPerPod. */
  QUEUE_DEPTH("QueueDepth"),
  /** The oldest queued message against targetMessageAge. */
  OLDEST_MESSAGE_AGE("OldestMessageAge"),
  /** The SQS source's backlog per pod against targetPerPod. */
  SQS_BACKLOG("SqsBacklog"),
  /** The SqsBacklog metric had no figure this round: the tier holds its size. */
  SQS_BACKLOG_UNMEASURED("SqsBacklogUnmeasured"),
  /** Held up by scaling.minReplicas. */
  MIN_REPLICAS("MinReplicas"),
  /** Held down by scaling.maxReplicas. */
  MAX_REPLICAS("MaxReplicas"),
  /** Held down by the number of addresses in the tier's SendingIpPool. */
  POOL_SIZE("PoolSize"),
  /** A more conservative recommendation within the stabilization window won. */
  STABILIZATION("Stabilization"),
  /** Limited by the direction's maxStep. */
  MAX_STEP("MaxStep"),
  /** Some pods did not answer: their queues are unknown, so the tier does not shrink. */
  UNKNOWN_PODS("UnknownPods");

  private final String label;

  ScalingReason(String label) {
    this.label = label;
  }

  /** The reason as status and metrics spell it, e.g. {@code QueueDepth}. */
  public String label() {
    return label;
  }
}
