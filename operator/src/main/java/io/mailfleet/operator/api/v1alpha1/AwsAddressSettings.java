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

  @JsonPropertyDescription(
      "AWS region of the addresses, e.g. eu-west-1. Unset: the operator's region.")
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
      "Extra tags on every address, at most 40: AWS allows 50 per address and the operator adds its own. Keys of 1 to 128 characters, values of at most 256; keys under mailfleet.io/ and aws: are reserved.")
  @Size(max = 40)
  // AWS reserves aws: in any case; the operator finds its addresses by its mailfleet.io/ tags.
  @ValidationRule(
      value = "self.all(k, !k.startsWith('mailfleet.io/') && !k.lowerAscii().startsWith('aws:'))",
      message =
          "aws.tags keys must not start with mailfleet.io/ (the operator's ownership tags) or aws: (reserved by AWS): rename the tag")
  @ValidationRule(
      value = "self.all(k, k.size() >= 1 && k.size() <= 128)",
      message = "aws.tags keys must be 1 to 128 characters long, as AWS allows: shorten the key")
  @ValidationRule(
      value = "self.all(k, self[k].size() <= 256)",
      message =
          "aws.tags values must be at most 256 characters long, as AWS allows: shorten the value")
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
