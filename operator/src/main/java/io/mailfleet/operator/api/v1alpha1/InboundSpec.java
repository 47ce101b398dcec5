package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How a MailCluster's MTAs take mail in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "smtpPort",
  "adminPort",
  "maxMessageSize",
  "maxRecipients",
  "tls",
  "auth",
  "proxyProtocol",
  "loadBalancer"
})
// The has() guards matter: the API server checks these rules against the schema default {}
// itself, before nested defaults fill it in.
@ValidationRule(
    value = "!has(self.smtpPort) || !has(self.adminPort) || self.smtpPort != self.adminPort",
    message = "inbound.smtpPort and inbound.adminPort must differ: choose another adminPort",
    fieldPath = ".adminPort")
@ValidationRule(
    value = "!has(self.auth) || has(self.tls)",
    message =
        "inbound.auth needs inbound.tls: SMTP AUTH sends passwords, so it is offered only after STARTTLS; set inbound.tls.secretName",
    fieldPath = ".auth")
@ValidationRule(
    value =
        "!has(self.proxyProtocol) || !self.proxyProtocol || !has(self.loadBalancer) || !has(self.loadBalancer.enabled) || self.loadBalancer.enabled",
    message =
        "inbound.proxyProtocol needs inbound.loadBalancer.enabled: only the load balancer sends the PROXY header; enable the load balancer or set proxyProtocol to false",
    fieldPath = ".proxyProtocol")
public class InboundSpec {

  // The schema's defaults, which the API server fills in; the operator's model reads the same
  // constants for objects built in code that lack them (MailClusterSettings).

  /** Default of {@code smtpPort}. */
  public static final String DEFAULT_SMTP_PORT = "2525";

  /** Default of {@code adminPort}. */
  public static final String DEFAULT_ADMIN_PORT = "8080";

  /** Default of {@code maxMessageSize}. */
  public static final String DEFAULT_MAX_MESSAGE_SIZE = "25Mi";

  /** Default of {@code maxRecipients}. */
  public static final String DEFAULT_MAX_RECIPIENTS = "100";

  @JsonPropertyDescription(
      "Port the MTA containers listen on for SMTP. The pods run as non-root, so it is unprivileged; each tier's inbound.port on the load balancer and Service maps onto it.")
  @Default(DEFAULT_SMTP_PORT)
  @Min(1024)
  @Max(65535)
  private Integer smtpPort;

  @JsonPropertyDescription(
      "Port of the MTA admin HTTP server: /metrics, /healthz, /readyz, queue, drain and transfer.")
  @Default(DEFAULT_ADMIN_PORT)
  @Min(1024)
  @Max(65535)
  private Integer adminPort;

  @JsonPropertyDescription(
      "Largest message accepted, announced with the SIZE extension, as a quantity such as 25Mi: whole bytes from 1Ki to 1Ti, and less than spool.size.")
  @Default(DEFAULT_MAX_MESSAGE_SIZE)
  @Size(max = 16)
  @Pattern(SchemaPatterns.QUANTITY)
  // The MTA's own bounds (SmtpLimits): below 1Ki not even the headers of a message fit.
  @ValidationRule(
      value =
          "!isQuantity(self) || (quantity(self).isInteger() && quantity(self).compareTo(quantity('1Ki')) >= 0 && quantity(self).compareTo(quantity('1Ti')) <= 0)",
      message = "inbound.maxMessageSize must be a whole number of bytes from 1Ki to 1Ti, e.g. 25Mi")
  private String maxMessageSize;

  @JsonPropertyDescription(
      "Most RCPT TO commands accepted in one transaction; the rest get 452 and the client sends them again.")
  @Default(DEFAULT_MAX_RECIPIENTS)
  @Min(1)
  @Max(10000)
  private Integer maxRecipients;

  @JsonPropertyDescription(
      "TLS certificate for STARTTLS, a kubernetes.io/tls Secret. Without it the MTAs do not offer STARTTLS.")
  private SecretReference tls;

  @JsonPropertyDescription(
      "Users for SMTP AUTH PLAIN and LOGIN: a Secret whose key users holds one username:password line per user (a user name may be an e-mail address). Without it AUTH is not offered. Needs tls.")
  private SecretReference auth;

  @JsonPropertyDescription(
      "Expect a PROXY protocol v2 header on every connection, so the MTAs see the client's address behind the load balancer. Needs loadBalancer.enabled.")
  @Default("false")
  private Boolean proxyProtocol;

  @JsonPropertyDescription(
      "The AWS network load balancer in front of the tiers: one listener per tier inbound.port.")
  @Default("{}")
  private LoadBalancerSpec loadBalancer;

  public Integer getSmtpPort() {
    return smtpPort;
  }

  public InboundSpec setSmtpPort(Integer smtpPort) {
    this.smtpPort = smtpPort;
    return this;
  }

  public Integer getAdminPort() {
    return adminPort;
  }

  public InboundSpec setAdminPort(Integer adminPort) {
    this.adminPort = adminPort;
    return this;
  }

  public String getMaxMessageSize() {
    return maxMessageSize;
  }

  public InboundSpec setMaxMessageSize(String maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
    return this;
  }

  public Integer getMaxRecipients() {
    return maxRecipients;
  }

  public InboundSpec setMaxRecipients(Integer maxRecipients) {
    this.maxRecipients = maxRecipients;
    return this;
  }

  public SecretReference getTls() {
    return tls;
  }

  public InboundSpec setTls(SecretReference tls) {
    this.tls = tls;
    return this;
  }

  public SecretReference getAuth() {
    return auth;
  }

  public InboundSpec setAuth(SecretReference auth) {
    this.auth = auth;
    return this;
  }

  public Boolean getProxyProtocol() {
    return proxyProtocol;
  }

  public InboundSpec setProxyProtocol(Boolean proxyProtocol) {
    this.proxyProtocol = proxyProtocol;
    return this;
  }

  public LoadBalancerSpec getLoadBalancer() {
    return loadBalancer;
  }

  public InboundSpec setLoadBalancer(LoadBalancerSpec loadBalancer) {
    this.loadBalancer = loadBalancer;
    return this;
  }
}
