package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A tier's SMTP endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"port"})
public class TierInbound {

  @JsonPropertyDescription(
      "Port of the tier's listener on the cluster's load balancer and of its Service, e.g. 25 for mail from the Internet or 587 for submission.")
  @Required
  @Min(1)
  @Max(65535)
  private Integer port;

  public Integer getPort() {
    return port;
  }

  public TierInbound setPort(Integer port) {
    this.port = port;
    return this;
  }
}
