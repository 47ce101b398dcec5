package io.mailfleet.mta.metrics;

import io.mailfleet.mta.egress.EgressPool;
import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.egress.EgressSource;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Egress metrics read from the pools on every scrape; labelled by the configured pool and source
 * names only, so the label sets stay as small as the configuration.
 */
public final class EgressMetrics {

  private EgressMetrics() {}

  /** Registers the egress metrics of {@code pools} in {@code registry}. */
  public static void register(PrometheusRegistry registry, EgressPools pools) {
    GaugeWithCallback.builder()
        .name("mailfleet_mta_egress_sent_today")
        .help("Messages sent (or reserved by open connections) from a source since UTC midnight")
        .labelNames("pool", "source")
        .callback(
            cb -> {
              for (EgressPool pool : pools.pools()) {
                for (EgressSource s : pool.sources()) {
                  cb.call(pools.sentToday(s.name()), pool.name(), s.name());
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_mta_egress_daily_cap")
        .help("Messages a source may send per UTC day (warm-up); sources without a cap are absent")
        .labelNames("pool", "source")
        .callback(
            cb -> {
              for (EgressPool pool : pools.pools()) {
                for (EgressSource s : pool.sources()) {
                  if (s.dailyCap() != null) {
                    cb.call(s.dailyCap(), pool.name(), s.name());
                  }
                }
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("mailfleet_mta_egress_capped_total")
        .help("Connections that found every source of the pool capped, by what followed")
        .labelNames("pool", "action")
        .callback(
            cb -> {
              for (EgressPool pool : pools.pools()) {
                cb.call(pools.cappedWaits(pool.name()), pool.name(), "wait");
                cb.call(pools.overflows(pool.name()), pool.name(), "overflow");
              }
            })
        .register(registry);
  }
}
