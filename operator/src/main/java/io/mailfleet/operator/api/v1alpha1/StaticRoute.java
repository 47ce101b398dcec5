package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Mail for one recipient domain goes to a fixed host instead of the domain's MX hosts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"domain", "target"})
public class StaticRoute {

  @JsonPropertyDescription("Recipient domain this route applies to, e.g. relay.example.com.")
  @Required
  @Size(max = 253)
  @Pattern(SchemaPatterns.FQDN)
  private String domain;

  @JsonPropertyDescription(
      "Where its mail goes instead of the MX hosts, as host:port with a port from 1 to 65535, e.g. smarthost.example.com:587.")
  @Required
  @Size(max = 259)
  @Pattern(SchemaPatterns.HOST_PORT)
  // Only the port's range: the pattern refuses a target without a port of up to five digits.
  @ValidationRule(
      value =
          "!self.contains(':') || !self.substring(self.lastIndexOf(':') + 1).matches('^[0-9]{1,5}$') || (int(self.substring(self.lastIndexOf(':') + 1)) >= 1 && int(self.substring(self.lastIndexOf(':') + 1)) <= 65535)",
      message =
          "delivery.routes target port must be from 1 to 65535, e.g. smarthost.example.com:587")
  private String target;

  public String getDomain() {
    return domain;
  }

  public StaticRoute setDomain(String domain) {
    this.domain = domain;
    return this;
  }

  public String getTarget() {
    return target;
  }

  public StaticRoute setTarget(String target) {
    this.target = target;
    return this;
  }
}
