package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How a tier's pod count follows its load. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "mode",
  "minReplicas",
  "maxReplicas",
  "metric",
  "targetPerPod",
  "targetMessageAge",
  "scaleUp",
  "scaleDown",
  "drainTimeout"
})
// The has() guards matter: the API server checks these rules against the schema default {}
// itself, before nested defaults fill it in.
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message =
        "scaling.minReplicas must not exceed scaling.maxReplicas: lower minReplicas or raise maxReplicas",
    fieldPath = ".minReplicas")
// Queue depth and message age are read from the pods: with none left there is nothing to measure,
// and an Auto tier at zero would never grow again. The SQS backlog is read from SQS itself.
@ValidationRule(
    value =
        "!has(self.minReplicas) || self.minReplicas > 0 || (has(self.mode) && self.mode == 'External') || (has(self.metric) && self.metric == 'SqsBacklog')",
    message =
        "scaling.minReplicas 0 needs metric SqsBacklog or mode External: queue depth and message age are measured in the pods, so an Auto tier at zero pods would never scale up again; set minReplicas to 1",
    fieldPath = ".minReplicas")
public class ScalingSpec {

  /** Default of {@code drainTimeout}, which the operator's model also reads (TierPodTiming). */
  public static final String DEFAULT_DRAIN_TIMEOUT = "10m";

  @JsonPropertyDescription(
      "Auto: the operator sizes the tier from metric and targetPerPod, within minReplicas and maxReplicas, and never writes spec. External: the tier obeys spec.replicas, which HPA, KEDA or kubectl scale set through the scale subresource.")
  @Default("Auto")
  private ScalingMode mode;

  @JsonPropertyDescription(
      "Fewest pods the tier runs. 0 only with metric SqsBacklog or mode External: queue depth and message age are measured in the pods.")
  @Default("1")
  @Min(0)
  @Max(1000)
  private Integer minReplicas;

  @JsonPropertyDescription(
      "Most pods the tier runs; also bounded by the size of its SendingIpPool.")
  @Default("10")
  @Min(1)
  @Max(1000)
  private Integer maxReplicas;

  @JsonPropertyDescription(
      "Load signal in Auto mode. QueueDepth: messages queued per pod. OldestMessageAge: age of the oldest queued message. SqsBacklog: visible messages in source.sqs per pod.")
  @Default("QueueDepth")
  private ScalingMetric metric;

  @JsonPropertyDescription("For QueueDepth and SqsBacklog: messages per pod the operator aims for.")
  @Default("1000")
  @Min(1)
  @Max(10000000)
  private Integer targetPerPod;

  @JsonPropertyDescription(
      "For OldestMessageAge: the age of the oldest queued message the operator aims for, e.g. 5m; longer than 0s.")
  @Default("5m")
  @Size(max = 32)
  @Pattern(SchemaPatterns.DURATION)
  @ValidationRule(
      value = SchemaPatterns.NONZERO_DURATION_RULE,
      message =
          "scaling.targetMessageAge must be longer than 0s: any queued message would be too old, and the tier would grow to maxReplicas; e.g. 5m")
  private String targetMessageAge;

  @JsonPropertyDescription("How fast the tier grows.")
  @Default("{\"stabilizationWindow\":\"0s\",\"maxStep\":4}")
  private ScalingBehavior scaleUp;

  @JsonPropertyDescription("How fast the tier shrinks. Every pod removed drains first.")
  @Default("{\"stabilizationWindow\":\"5m\",\"maxStep\":1}")
  private ScalingBehavior scaleDown;

  @JsonPropertyDescription(
      "How long a leaving pod may spend handing its queue to its peers, longer than 0s; the pod's termination grace period follows it. Mail left after it stays on the pod's volume until the pod returns.")
  @Default(DEFAULT_DRAIN_TIMEOUT)
  @Size(max = 32)
  @Pattern(SchemaPatterns.DURATION)
  @ValidationRule(
      value = SchemaPatterns.NONZERO_DURATION_RULE,
      message =
          "scaling.drainTimeout must be longer than 0s, or a leaving pod is stopped before it hands its queue to its peers: e.g. 10m")
  private String drainTimeout;

  public ScalingMode getMode() {
    return mode;
  }

  public ScalingSpec setMode(ScalingMode mode) {
    this.mode = mode;
    return this;
  }

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public ScalingSpec setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
    return this;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public ScalingSpec setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
    return this;
  }

  public ScalingMetric getMetric() {
    return metric;
  }

  public ScalingSpec setMetric(ScalingMetric metric) {
    this.metric = metric;
    return this;
  }

  public Integer getTargetPerPod() {
    return targetPerPod;
  }

  public ScalingSpec setTargetPerPod(Integer targetPerPod) {
    this.targetPerPod = targetPerPod;
    return this;
  }

  public String getTargetMessageAge() {
    return targetMessageAge;
  }

  public ScalingSpec setTargetMessageAge(String targetMessageAge) {
    this.targetMessageAge = targetMessageAge;
    return this;
  }

  public ScalingBehavior getScaleUp() {
    return scaleUp;
  }

  public ScalingSpec setScaleUp(ScalingBehavior scaleUp) {
    this.scaleUp = scaleUp;
    return this;
  }

  public ScalingBehavior getScaleDown() {
    return scaleDown;
  }

  public ScalingSpec setScaleDown(ScalingBehavior scaleDown) {
    this.scaleDown = scaleDown;
    return this;
  }

  public String getDrainTimeout() {
    return drainTimeout;
  }

  public ScalingSpec setDrainTimeout(String drainTimeout) {
    this.drainTimeout = drainTimeout;
    return this;
  }
}
