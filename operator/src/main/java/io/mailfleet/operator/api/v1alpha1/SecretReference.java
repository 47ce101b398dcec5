package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to a Secret in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"secretName"})
public class SecretReference {

  @JsonPropertyDescription("Name of the Secret, in this namespace.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern(SchemaPatterns.DNS_SUBDOMAIN)
  private String secretName;

  public String getSecretName() {
    return secretName;
  }

  public SecretReference setSecretName(String secretName) {
    this.secretName = secretName;
    return this;
  }
}
