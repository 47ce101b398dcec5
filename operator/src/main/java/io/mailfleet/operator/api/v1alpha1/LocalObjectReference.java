package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to another mailfleet object in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name"})
public class LocalObjectReference {

  @JsonPropertyDescription("Name of the referenced object, in this namespace.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern(SchemaPatterns.DNS_SUBDOMAIN)
  private String name;

  public String getName() {
    return name;
  }

  public LocalObjectReference setName(String name) {
    this.name = name;
    return this;
  }
}
