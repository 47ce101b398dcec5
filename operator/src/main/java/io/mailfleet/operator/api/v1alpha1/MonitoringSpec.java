package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Prometheus Operator objects that scrape the MTA pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enabled", "kind", "interval"})
public class MonitoringSpec {

  @JsonPropertyDescription(
      "Create a monitor for the MTA pods. Needs the Prometheus Operator's monitoring.coreos.com CRDs in the cluster.")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Which monitor to create: PodMonitor scrapes the pods directly, ServiceMonitor through the tiers' headless Services.")
  @Default("PodMonitor")
  private MonitorKind kind;

  @JsonPropertyDescription("Scrape interval, e.g. 30s; longer than 0s.")
  @Default("30s")
  @Size(max = 32)
  @Pattern(SchemaPatterns.DURATION)
  @ValidationRule(
      value = SchemaPatterns.NONZERO_DURATION_RULE,
      message =
          "monitoring.interval must be longer than 0s: Prometheus needs a scrape interval, e.g. 30s")
  private String interval;

  public Boolean getEnabled() {
    return enabled;
  }

  public MonitoringSpec setEnabled(Boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public MonitorKind getKind() {
    return kind;
  }

  public MonitoringSpec setKind(MonitorKind kind) {
    this.kind = kind;
    return this;
  }

  public String getInterval() {
    return interval;
  }

  public MonitoringSpec setInterval(String interval) {
    this.interval = interval;
    return this;
  }
}
