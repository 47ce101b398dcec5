package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What every DeliveryTier of one region's MTA fleet shares. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"hostname", "image", "inbound", "spool", "delivery", "monitoring"})
// Checked here, where both fields are seen; the field rules say when either is no quantity at all.
@ValidationRule(
    value =
        "!has(self.spool) || !has(self.spool.size) || !has(self.inbound) || !has(self.inbound.maxMessageSize) || !isQuantity(self.spool.size) || !isQuantity(self.inbound.maxMessageSize) || quantity(self.spool.size).isGreaterThan(quantity(self.inbound.maxMessageSize))",
    message =
        "spool.size must be larger than inbound.maxMessageSize, or the largest message the MTAs accept cannot fit in the spool: raise spool.size or lower inbound.maxMessageSize",
    fieldPath = ".spool.size")
public class MailClusterSpec {

  @JsonPropertyDescription(
      "Fully qualified, lower-case domain name the MTAs announce in their SMTP banner and use as EHLO name where an address's reverse DNS does not give one, e.g. mx.mail.example.com.")
  @Required
  @Size(max = 253)
  @Pattern(SchemaPatterns.FQDN)
  private String hostname;

  @JsonPropertyDescription(
      "MTA container image. Leave unset to run the image this operator release ships with; set it only to pin or mirror that image.")
  @Size(min = 1, max = 512)
  @Pattern(SchemaPatterns.IMAGE)
  private String image;

  @JsonPropertyDescription(
      "How mail comes in: SMTP listener, limits, TLS, AUTH and the AWS network load balancer.")
  @Default("{}")
  private InboundSpec inbound;

  @JsonPropertyDescription("Each MTA pod's durable message store: a persistent volume per pod.")
  @Default("{}")
  private SpoolSpec spool;

  @JsonPropertyDescription(
      "Outbound defaults for all tiers: retry schedule, DKIM signing keys and traffic shaping. A tier may override retry and shaping.")
  @Default("{}")
  private DeliveryDefaults delivery;

  @JsonPropertyDescription("Prometheus Operator integration for the MTA pods.")
  @Default("{}")
  private MonitoringSpec monitoring;

  public String getHostname() {
    return hostname;
  }

  public MailClusterSpec setHostname(String hostname) {
    this.hostname = hostname;
    return this;
  }

  public String getImage() {
    return image;
  }

  public MailClusterSpec setImage(String image) {
    this.image = image;
    return this;
  }

  public InboundSpec getInbound() {
    return inbound;
  }

  public MailClusterSpec setInbound(InboundSpec inbound) {
    this.inbound = inbound;
    return this;
  }

  public SpoolSpec getSpool() {
    return spool;
  }

  public MailClusterSpec setSpool(SpoolSpec spool) {
    this.spool = spool;
    return this;
  }

  public DeliveryDefaults getDelivery() {
    return delivery;
  }

  public MailClusterSpec setDelivery(DeliveryDefaults delivery) {
    this.delivery = delivery;
    return this;
  }

  public MonitoringSpec getMonitoring() {
    return monitoring;
  }

  public MailClusterSpec setMonitoring(MonitoringSpec monitoring) {
    this.monitoring = monitoring;
    return this;
  }
}
