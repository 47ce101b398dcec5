package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How hard the MTAs may push one destination site; the MTA config's {@code ShapingLimits}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "maxConnections",
  "deliveriesPerConnection",
  "messagesPerHour",
  "messagesPerMinute",
  "connectionsPerMinute",
  "tls"
})
@ValidationRule(
    value =
        "!has(self.messagesPerMinute) || !has(self.messagesPerHour) || self.messagesPerMinute <= self.messagesPerHour",
    message =
        "messagesPerMinute cannot be more than messagesPerHour: lower messagesPerMinute or raise messagesPerHour",
    fieldPath = ".messagesPerMinute")
public class ShapingLimitsSpec {

  @JsonPropertyDescription("Concurrent outbound connections from one pod to the site.")
  @Min(1)
  @Max(1000)
  private Integer maxConnections;

  @JsonPropertyDescription(
      "Messages sent over one connection before it is closed and a new one opened.")
  @Min(1)
  @Max(10000)
  private Integer deliveriesPerConnection;

  @JsonPropertyDescription(
      "Messages per hour from one sending IP to the site. Unset: no hourly limit.")
  @Min(1)
  @Max(100000000)
  private Integer messagesPerHour;

  @JsonPropertyDescription(
      "Messages per minute from one sending IP to the site, to smooth bursts. Unset: no per-minute limit.")
  @Min(1)
  @Max(10000000)
  private Integer messagesPerMinute;

  @JsonPropertyDescription(
      "New connections per minute from one pod to the site, for receivers that limit connection rates. Unset: no limit.")
  @Min(1)
  @Max(100000)
  private Integer connectionsPerMinute;

  @JsonPropertyDescription(
      "STARTTLS towards the site. Opportunistic: use it when offered. Required: never send in clear text (defer instead). Verified: Required, and the certificate must be valid for the MX host name.")
  private TlsPolicySpec tls;

  public Integer getMaxConnections() {
    return maxConnections;
  }

  public ShapingLimitsSpec setMaxConnections(Integer maxConnections) {
    this.maxConnections = maxConnections;
    return this;
  }

  public Integer getDeliveriesPerConnection() {
    return deliveriesPerConnection;
  }

  public ShapingLimitsSpec setDeliveriesPerConnection(Integer deliveriesPerConnection) {
    this.deliveriesPerConnection = deliveriesPerConnection;
    return this;
  }

  public Integer getMessagesPerHour() {
    return messagesPerHour;
  }

  public ShapingLimitsSpec setMessagesPerHour(Integer messagesPerHour) {
    this.messagesPerHour = messagesPerHour;
    return this;
  }

  public Integer getMessagesPerMinute() {
    return messagesPerMinute;
  }

  public ShapingLimitsSpec setMessagesPerMinute(Integer messagesPerMinute) {
    this.messagesPerMinute = messagesPerMinute;
    return this;
  }

  public Integer getConnectionsPerMinute() {
    return connectionsPerMinute;
  }

  public ShapingLimitsSpec setConnectionsPerMinute(Integer connectionsPerMinute) {
    this.connectionsPerMinute = connectionsPerMinute;
    return this;
  }

  public TlsPolicySpec getTls() {
    return tls;
  }

  public ShapingLimitsSpec setTls(TlsPolicySpec tls) {
    this.tls = tls;
    return this;
  }
}
