package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Outbound delivery settings that every tier of a MailCluster starts from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"retry", "dkim", "shaping", "routes"})
public class DeliveryDefaults {

  @JsonPropertyDescription("When to retry a temporarily failed delivery and when to give up.")
  @Default("{\"schedule\":[\"5m\",\"10m\",\"30m\",\"1h\",\"2h\",\"4h\"],\"maxAge\":\"72h\"}")
  private RetryPolicy retry;

  @JsonPropertyDescription(
      "DKIM signing keys, one entry per signing domain and selector. Mail from a domain without a key is sent unsigned.")
  @Size(max = 100)
  @ValidationRule(
      value = "self.all(k, self.exists_one(o, o.domain == k.domain && o.selector == k.selector))",
      message =
          "delivery.dkim lists the same domain and selector twice: keep one entry per selector")
  private List<DkimKeySpec> dkim;

  @JsonPropertyDescription("Limits for destination sites that no tier shaping entry names.")
  @Default("{\"maxConnections\":20,\"deliveriesPerConnection\":100,\"tls\":\"Opportunistic\"}")
  private ShapingLimitsSpec shaping;

  @JsonPropertyDescription(
      "Static routes: mail for these recipient domains goes to a fixed host:port instead of their MX hosts (a smarthost, or a test sink).")
  @Size(max = 100)
  @ValidationRule(
      value = "self.all(r, self.exists_one(o, o.domain == r.domain))",
      message = "delivery.routes names the same domain twice: keep one route per domain")
  private List<StaticRoute> routes;

  public RetryPolicy getRetry() {
    return retry;
  }

  public DeliveryDefaults setRetry(RetryPolicy retry) {
    this.retry = retry;
    return this;
  }

  public List<DkimKeySpec> getDkim() {
    return dkim;
  }

  public DeliveryDefaults setDkim(List<DkimKeySpec> dkim) {
    this.dkim = dkim;
    return this;
  }

  public List<StaticRoute> getRoutes() {
    return routes;
  }

  public DeliveryDefaults setRoutes(List<StaticRoute> routes) {
    this.routes = routes;
    return this;
  }

  public ShapingLimitsSpec getShaping() {
    return shaping;
  }

  public DeliveryDefaults setShaping(ShapingLimitsSpec shaping) {
    this.shaping = shaping;
    return this;
  }
}
