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
import java.util.List;

/** Public sending addresses (AWS Elastic IPs) and how they warm up. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"size", "addresses", "aws", "reverseDns", "warmup", "releasePolicy"})
@ValidationRule(
    value = "!(has(self.size) && has(self.addresses))",
    message =
        "set either size (allocate new Elastic IPs) or addresses (adopt existing ones), not both",
    fieldPath = ".addresses")
@ValidationRule(
    value = "has(self.size) || has(self.addresses)",
    message = "set size (how many Elastic IPs to allocate) or addresses (allocation IDs to adopt)")
// One name serves a pool of one address; more addresses need {index} to tell their names apart.
@ValidationRule(
    value =
        "!has(self.reverseDns) || self.reverseDns.template.contains('{index}') || (has(self.size) && self.size == 1) || (has(self.addresses) && size(self.addresses) == 1)",
    message =
        "reverseDns.template must contain {index} so every address gets its own name, e.g. o{index}.mail.example.com; only a pool of one address may use a fixed name",
    fieldPath = ".reverseDns.template")
public class SendingIpPoolSpec {

  @JsonPropertyDescription("Number of Elastic IPs to allocate. Set size or addresses, not both.")
  @Min(1)
  @Max(256)
  private Integer size;

  @JsonPropertyDescription(
      "Allocation IDs of existing Elastic IPs to adopt, e.g. addresses that already have a sending reputation. Set size or addresses, not both.")
  @Size(min = 1, max = 256)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b == a))",
      message = "addresses lists an allocation ID twice: list each address once")
  private List<@Size(max = 32) @Pattern(SchemaPatterns.ALLOCATION_ID) String> addresses;

  @JsonPropertyDescription("Where and how the Elastic IPs are allocated.")
  @Default("{}")
  private AwsAddressSettings aws;

  @JsonPropertyDescription("Reverse DNS (PTR) names for the addresses.")
  private ReverseDnsSpec reverseDns;

  @JsonPropertyDescription(
      "Daily sending caps for new addresses while mailbox providers learn to trust them.")
  private WarmupSpec warmup;

  @JsonPropertyDescription(
      "What happens to addresses when the pool is deleted or shrinks. Release: give them back to AWS. Retain: keep them allocated (and their reputation), only untagged.")
  @Default("Retain")
  private ReleasePolicy releasePolicy;

  public Integer getSize() {
    return size;
  }

  public SendingIpPoolSpec setSize(Integer size) {
    this.size = size;
    return this;
  }

  public List<@Size(max = 32) @Pattern(SchemaPatterns.ALLOCATION_ID) String> getAddresses() {
    return addresses;
  }

  public SendingIpPoolSpec setAddresses(
      List<@Size(max = 32) @Pattern(SchemaPatterns.ALLOCATION_ID) String> addresses) {
    this.addresses = addresses;
    return this;
  }

  public AwsAddressSettings getAws() {
    return aws;
  }

  public SendingIpPoolSpec setAws(AwsAddressSettings aws) {
    this.aws = aws;
    return this;
  }

  public ReverseDnsSpec getReverseDns() {
    return reverseDns;
  }

  public SendingIpPoolSpec setReverseDns(ReverseDnsSpec reverseDns) {
    this.reverseDns = reverseDns;
    return this;
  }

  public WarmupSpec getWarmup() {
    return warmup;
  }

  public SendingIpPoolSpec setWarmup(WarmupSpec warmup) {
    this.warmup = warmup;
    return this;
  }

  public ReleasePolicy getReleasePolicy() {
    return releasePolicy;
  }

  public SendingIpPoolSpec setReleasePolicy(ReleasePolicy releasePolicy) {
    this.releasePolicy = releasePolicy;
    return this;
  }
}
