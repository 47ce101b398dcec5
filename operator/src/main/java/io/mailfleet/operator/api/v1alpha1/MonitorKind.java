package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which Prometheus Operator object scrapes the MTA pods. */
public enum MonitorKind {
  /** Scrape the pods directly. */
  @JsonProperty("PodMonitor")
  POD_MONITOR,

  /** Scrape through the tiers' headless Services. */
  @JsonProperty("ServiceMonitor")
  SERVICE_MONITOR;
}
