package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Reverse DNS names for a pool's addresses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"template"})
public class ReverseDnsSpec {

  @JsonPropertyDescription(
      "PTR name of address i, with {index} standing for i, e.g. o{index}.mail.example.com; {index} is the only placeholder, and is required unless the pool has one address. Its forward (A) record must point at the address before AWS accepts it.")
  @Required
  @Size(max = 253)
  @Pattern(SchemaPatterns.HOSTNAME_TEMPLATE)
  @ValidationRule(
      value =
          "!self.replace('{index}', '').contains('{') && !self.replace('{index}', '').contains('}')",
      message =
          "reverseDns.template may hold no placeholder but {index}, e.g. o{index}.mail.example.com")
  // An index has at most three digits (a pool has at most 256 addresses), so 255 is as long as any.
  @ValidationRule(
      value =
          "self.replace('{index}', '').contains('{') || self.replace('{index}', '').contains('}') || (self.replace('{index}', '255').size() <= 253 && self.replace('{index}', '255').matches('"
              + SchemaPatterns.CEL_FQDN
              + "'))",
      message =
          "reverseDns.template must make a valid host name for every index: labels of 1 to 63 characters, at most 253 in all, e.g. o{index}.mail.example.com")
  private String template;

  public String getTemplate() {
    return template;
  }

  public ReverseDnsSpec setTemplate(String template) {
    this.template = template;
    return this;
  }
}
