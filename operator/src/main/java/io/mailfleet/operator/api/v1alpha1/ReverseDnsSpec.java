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
@ValidationRule(
    value = "self.template.contains('{index}')",
    message =
        "reverseDns.template must contain {index} so every address gets its own name, e.g. o{index}.mail.example.com",
    fieldPath = ".template")
public class ReverseDnsSpec {

  @JsonPropertyDescription(
      "PTR name of address i, with {index} standing for i, e.g. o{index}.mail.example.com. Its forward (A) record must point at the address before AWS accepts it.")
  @Required
  @Size(max = 253)
  @Pattern(SchemaPatterns.HOSTNAME_TEMPLATE)
  private String template;

  public String getTemplate() {
    return template;
  }

  public ReverseDnsSpec setTemplate(String template) {
    this.template = template;
    return this;
  }
}
