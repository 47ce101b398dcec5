package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Limits for one destination site: a set of recipient domains or MX hosts; the MTA config's {@code
 * SiteShaping}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "domains", "mxSuffixes", "limits", "suspension"})
@ValidationRule(
    value = "has(self.domains) || has(self.mxSuffixes)",
    message = "a shaping site needs domains or mxSuffixes to say which recipients it covers")
public class SiteShapingSpec {

  @JsonPropertyDescription(
      "Name of the site, unique in the tier, e.g. google; it labels the site's metrics. other is reserved for the sites no entry matches.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern(SchemaPatterns.DNS_LABEL)
  @ValidationRule(
      value = "self != 'other'",
      message =
          "shaping site name other is reserved: it names the sites no entry matches in the MTA's metrics; choose another name")
  private String name;

  @JsonPropertyDescription("Recipient domains of the site, e.g. gmail.com.")
  @Size(max = 100)
  private List<@Size(max = 253) @Pattern(SchemaPatterns.FQDN) String> domains;

  @JsonPropertyDescription(
      "MX host suffixes such as .google.com: every recipient domain whose MX hosts end in one belongs to the site, so hosted domains share their provider's limits.")
  @Size(max = 20)
  private List<@Size(max = 253) @Pattern(SchemaPatterns.MX_SUFFIX) String> mxSuffixes;

  @JsonPropertyDescription("Limits for the site; unset fields take the cluster's delivery.shaping.")
  @Required
  private ShapingLimitsSpec limits;

  @JsonPropertyDescription("Pause delivery to the site when it keeps deferring.")
  private SuspensionRuleSpec suspension;

  public String getName() {
    return name;
  }

  public SiteShapingSpec setName(String name) {
    this.name = name;
    return this;
  }

  public List<@Size(max = 253) @Pattern(SchemaPatterns.FQDN) String> getDomains() {
    return domains;
  }

  public SiteShapingSpec setDomains(
      List<@Size(max = 253) @Pattern(SchemaPatterns.FQDN) String> domains) {
    this.domains = domains;
    return this;
  }

  public List<@Size(max = 253) @Pattern(SchemaPatterns.MX_SUFFIX) String> getMxSuffixes() {
    return mxSuffixes;
  }

  public SiteShapingSpec setMxSuffixes(
      List<@Size(max = 253) @Pattern(SchemaPatterns.MX_SUFFIX) String> mxSuffixes) {
    this.mxSuffixes = mxSuffixes;
    return this;
  }

  public ShapingLimitsSpec getLimits() {
    return limits;
  }

  public SiteShapingSpec setLimits(ShapingLimitsSpec limits) {
    this.limits = limits;
    return this;
  }

  public SuspensionRuleSpec getSuspension() {
    return suspension;
  }

  public SiteShapingSpec setSuspension(SuspensionRuleSpec suspension) {
    this.suspension = suspension;
    return this;
  }
}
