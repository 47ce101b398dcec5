package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** An AWS network load balancer that takes mail in for a MailCluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enabled", "scheme", "subnets", "deletionProtection"})
public class LoadBalancerSpec {

  @JsonPropertyDescription(
      "Create the load balancer. Turn off when mail reaches the tiers' Services some other way.")
  @Default("true")
  private Boolean enabled;

  @JsonPropertyDescription(
      "internet-facing takes mail from the Internet; internal takes it only from inside the VPC.")
  @Default("internet-facing")
  private LoadBalancerScheme scheme;

  @JsonPropertyDescription(
      "Subnet IDs to place the load balancer in, one per zone. Leave empty to let AWS choose subnets by their kubernetes.io/role/elb (or internal-elb) tags.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(s, self.exists_one(t, t == s))",
      message = "inbound.loadBalancer.subnets lists a subnet twice: list each subnet once")
  private List<@Size(max = 32) @Pattern(SchemaPatterns.SUBNET_ID) String> subnets;

  @JsonPropertyDescription(
      "Turn on AWS deletion protection, so the load balancer and the DNS name your MX records point at survive an accidental delete. The operator lifts it itself before it deletes the load balancer.")
  @Default("true")
  private Boolean deletionProtection;

  public Boolean getEnabled() {
    return enabled;
  }

  public LoadBalancerSpec setEnabled(Boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public LoadBalancerScheme getScheme() {
    return scheme;
  }

  public LoadBalancerSpec setScheme(LoadBalancerScheme scheme) {
    this.scheme = scheme;
    return this;
  }

  public List<@Size(max = 32) @Pattern(SchemaPatterns.SUBNET_ID) String> getSubnets() {
    return subnets;
  }

  public LoadBalancerSpec setSubnets(
      List<@Size(max = 32) @Pattern(SchemaPatterns.SUBNET_ID) String> subnets) {
    this.subnets = subnets;
    return this;
  }

  public Boolean getDeletionProtection() {
    return deletionProtection;
  }

  public LoadBalancerSpec setDeletionProtection(Boolean deletionProtection) {
    this.deletionProtection = deletionProtection;
    return this;
  }
}
