package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A DKIM private key for one signing domain and selector, by the Secret that holds it, and who may
 * have mail signed with it (ADR 0017); the MTA config's {@code DkimKeyConfig} names the file the
 * Secret is mounted as.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"domain", "selector", "secretName", "senderDomains", "authenticatedUsers"})
public class DkimKeySpec {

  /** An SMTP AUTH user name: anything without white space. */
  private static final String USER_NAME = "^\\S+$";

  @JsonPropertyDescription(
      "Domain the signature is made for (d=), e.g. example.com; mail whose From is in this domain or its subdomains is signed, when its envelope sender or SMTP AUTH user is allowed the key (see senderDomains).")
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

  @JsonPropertyDescription(
      "Envelope sender (MAIL FROM) domains allowed to have mail signed with this key, each with its subdomains. Unset: the key's own domain, so a client relaying for another tenant cannot get this domain's signature by writing its From. Empty: only authenticatedUsers may.")
  @Size(max = 100)
  private List<@Size(max = 253) @Pattern(SchemaPatterns.FQDN) String> senderDomains;

  @JsonPropertyDescription(
      "SMTP AUTH user names allowed to have mail signed with this key whatever their envelope sender. Unset: none.")
  @Size(max = 100)
  private List<@Size(min = 1, max = 256) @Pattern(USER_NAME) String> authenticatedUsers;

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

  public List<String> getSenderDomains() {
    return senderDomains;
  }

  public DkimKeySpec setSenderDomains(List<String> senderDomains) {
    this.senderDomains = senderDomains;
    return this;
  }

  public List<String> getAuthenticatedUsers() {
    return authenticatedUsers;
  }

  public DkimKeySpec setAuthenticatedUsers(List<String> authenticatedUsers) {
    this.authenticatedUsers = authenticatedUsers;
    return this;
  }
}
