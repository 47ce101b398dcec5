package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** AWS placement and tags of a pool's Elastic IPs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"region", "publicIpv4Pool", "networkBorderGroup", "tags"})
public class AwsAddressSettings {

  @JsonPropertyDescription("AWS region of the addresses. Unset: the operator's region.")
  @Size(max = 32)
  @Pattern(SchemaPatterns.AWS_REGION)
  private String region;

  @JsonPropertyDescription("BYOIP address pool to allocate from. Unset: Amazon's pool.")
  @Size(max = 64)
  @Pattern(SchemaPatterns.IPV4_POOL)
  private String publicIpv4Pool;

  @JsonPropertyDescription(
      "Network border group to allocate in (a Local or Wavelength Zone group). Unset: the region's.")
  @Size(max = 64)
  @Pattern(SchemaPatterns.NETWORK_BORDER_GROUP)
  private String networkBorderGroup;

  @JsonPropertyDescription(
      "Extra tags on every address. Keys under mailfleet.io/ and aws: are reserved.")
  @Size(max = 40)
  @ValidationRule(
      value = "self.all(k, !k.startsWith('mailfleet.io/') && !k.startsWith('aws:'))",
      message =
          "aws.tags keys must not start with mailfleet.io/ (the operator's ownership tags) or aws: (reserved by AWS): rename the tag")
  private Map<String, String> tags;

  public String getRegion() {
    return region;
  }

  public AwsAddressSettings setRegion(String region) {
    this.region = region;
    return this;
  }

  public String getPublicIpv4Pool() {
    return publicIpv4Pool;
  }

  public AwsAddressSettings setPublicIpv4Pool(String publicIpv4Pool) {
    this.publicIpv4Pool = publicIpv4Pool;
    return this;
  }

  public String getNetworkBorderGroup() {
    return networkBorderGroup;
  }

  public AwsAddressSettings setNetworkBorderGroup(String networkBorderGroup) {
    this.networkBorderGroup = networkBorderGroup;
    return this;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public AwsAddressSettings setTags(Map<String, String> tags) {
    this.tags = tags;
    return this;
  }
}
