package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A DKIM private key for one signing domain and selector, by the Secret that holds it; the MTA
 * config's {@code DkimKeyConfig} names the file the Secret is mounted as.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"domain", "selector", "secretName"})
public class DkimKeySpec {

  @JsonPropertyDescription(
      "Domain the signature is made for (d=), e.g. example.com; mail from this domain and its subdomains is signed.")
  @Required
  @Size(max = 253)
  @Pattern(SchemaPatterns.FQDN)
  private String domain;

  @JsonPropertyDescription(
      "Selector (s=) under which the public key is published as <selector>._domainkey.<domain>.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern(SchemaPatterns.DKIM_SELECTOR)
  private String selector;

  @JsonPropertyDescription(
      "Secret in this namespace holding the PEM private key (RSA of 2048 bits or more, or Ed25519) under the key private.key.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern(SchemaPatterns.DNS_SUBDOMAIN)
  private String secretName;

  public String getDomain() {
    return domain;
  }

  public DkimKeySpec setDomain(String domain) {
    this.domain = domain;
    return this;
  }

  public String getSelector() {
    return selector;
  }

  public DkimKeySpec setSelector(String selector) {
    this.selector = selector;
    return this;
  }

  public String getSecretName() {
    return secretName;
  }

  public DkimKeySpec setSecretName(String secretName) {
    this.secretName = secretName;
    return this;
  }
}
