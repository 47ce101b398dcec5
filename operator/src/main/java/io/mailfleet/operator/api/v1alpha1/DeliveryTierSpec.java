package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;

/** A class of traffic with its own endpoint, pods, sending IPs and scaling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "clusterRef",
  "ipPoolRef",
  "inbound",
  "source",
  "replicas",
  "scaling",
  "shaping",
  "retry",
  "paused"
})
@ValidationRule(
    value = "has(self.inbound) || has(self.source)",
    message =
        "a tier needs inbound.port (SMTP through the load balancer) or source.sqs (mail from an SQS queue), or it receives no mail")
@ValidationRule(
    value = "self.scaling.metric != 'SqsBacklog' || (has(self.source) && has(self.source.sqs))",
    message =
        "scaling.metric SqsBacklog scales on the backlog of source.sqs: set source.sqs.queueUrl, or choose QueueDepth or OldestMessageAge",
    fieldPath = ".scaling.metric")
// The two replicas rules: docs/adr/0001-deliverytier-replicas.md. In Auto mode nobody obeys
// spec.replicas, so a scaler writing it is refused rather than silently ignored; the update that
// leaves External mode may still change it (dropping it from a manifest re-applies the default).
@ValidationRule(
    value =
        "self.scaling.mode != 'External' || (self.replicas >= self.scaling.minReplicas && self.replicas <= self.scaling.maxReplicas)",
    message =
        "replicas must lie between scaling.minReplicas and scaling.maxReplicas in External mode: scale within those bounds or widen them",
    fieldPath = ".replicas")
@ValidationRule(
    value =
        "self.scaling.mode == 'External' || oldSelf.scaling.mode == 'External' || self.replicas == oldSelf.replicas",
    message =
        "replicas can only be changed in External scaling mode; in Auto mode the operator sizes the tier: change scaling.minReplicas/maxReplicas, or set scaling.mode to External to scale by hand, HPA or KEDA",
    fieldPath = ".replicas")
@ValidationRule(
    value =
        "!has(oldSelf.ipPoolRef) || (has(self.ipPoolRef) && self.ipPoolRef == oldSelf.ipPoolRef)",
    message =
        "ipPoolRef cannot change or be removed once set: the pool's Elastic IPs are bound to this tier's pods; create a new DeliveryTier to send from another pool",
    fieldPath = ".ipPoolRef")
public class DeliveryTierSpec {

  @JsonPropertyDescription("The MailCluster this tier belongs to. Cannot change.")
  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "clusterRef cannot change: a tier cannot move to another MailCluster; create a new DeliveryTier instead")
  @ValidationRule(
      value = "self.name.size() <= " + MailCluster.MAX_NAME_LENGTH,
      message =
          "clusterRef.name must be at most "
              + MailCluster.MAX_NAME_LENGTH
              + " characters, as MailCluster names are: name the tier's MailCluster")
  private LocalObjectReference clusterRef;

  @JsonPropertyDescription(
      "The SendingIpPool whose Elastic IPs the pods send from: address i goes to pod i. Unset: pods send from the nodes' addresses. Cannot change or be removed once set.")
  private LocalObjectReference ipPoolRef;

  @JsonPropertyDescription(
      "SMTP into this tier through the cluster's load balancer and the tier's Service.")
  private TierInbound inbound;

  @JsonPropertyDescription("Other places the pods take mail from.")
  private TierSource source;

  @JsonPropertyDescription(
      "Number of MTA pods in External scaling mode, set through the scale subresource (kubectl scale, HPA, KEDA). Ignored in Auto mode, where the operator sizes the tier.")
  @Default("1")
  @Min(0)
  @Max(1000)
  @SpecReplicas
  private Integer replicas;

  @JsonPropertyDescription("How the number of pods follows the load.")
  @Default("{}")
  private ScalingSpec scaling;

  @JsonPropertyDescription(
      "Limits per destination site; sites not listed get the cluster's delivery.shaping.")
  @Size(max = 50)
  @ValidationRule(
      value = "self.all(s, self.exists_one(t, t.name == s.name))",
      message = "shaping lists two sites with the same name: give each site its own name")
  private List<SiteShapingSpec> shaping;

  @JsonPropertyDescription(
      "Overrides of the cluster's delivery.retry for this tier; unset fields keep the cluster's values.")
  private RetryPolicy retry;

  @JsonPropertyDescription(
      "Accept and queue mail but deliver none, e.g. during an incident. Queued mail goes out when paused is false again, until its retry.maxAge.")
  @Default("false")
  private Boolean paused;

  public LocalObjectReference getClusterRef() {
    return clusterRef;
  }

  public DeliveryTierSpec setClusterRef(LocalObjectReference clusterRef) {
    this.clusterRef = clusterRef;
    return this;
  }

  public LocalObjectReference getIpPoolRef() {
    return ipPoolRef;
  }

  public DeliveryTierSpec setIpPoolRef(LocalObjectReference ipPoolRef) {
    this.ipPoolRef = ipPoolRef;
    return this;
  }

  public TierInbound getInbound() {
    return inbound;
  }

  public DeliveryTierSpec setInbound(TierInbound inbound) {
    this.inbound = inbound;
    return this;
  }

  public TierSource getSource() {
    return source;
  }

  public DeliveryTierSpec setSource(TierSource source) {
    this.source = source;
    return this;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public DeliveryTierSpec setReplicas(Integer replicas) {
    this.replicas = replicas;
    return this;
  }

  public ScalingSpec getScaling() {
    return scaling;
  }

  public DeliveryTierSpec setScaling(ScalingSpec scaling) {
    this.scaling = scaling;
    return this;
  }

  public List<SiteShapingSpec> getShaping() {
    return shaping;
  }

  public DeliveryTierSpec setShaping(List<SiteShapingSpec> shaping) {
    this.shaping = shaping;
    return this;
  }

  public RetryPolicy getRetry() {
    return retry;
  }

  public DeliveryTierSpec setRetry(RetryPolicy retry) {
    this.retry = retry;
    return this;
  }

  public Boolean getPaused() {
    return paused;
  }

  public DeliveryTierSpec setPaused(Boolean paused) {
    this.paused = paused;
    return this;
  }
}
