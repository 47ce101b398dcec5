package io.mailfleet.mta.transfer;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Counts messages offered to peers by transfers, by outcome, in the MTA's registry. */
public final class TransferMetrics {

  private final Counter messages;

  /** Registers the counter in {@code registry} (the MTA's: {@code MtaMetrics.registry()}). */
  public TransferMetrics(PrometheusRegistry registry) {
    this.messages =
        Counter.builder()
            .name("mailfleet_mta_transfer_messages_total")
            .help(
                "Messages offered to a peer by a transfer, by outcome (transferred, refused,"
                    + " unconfirmed)")
            .labelNames("outcome")
            .register(registry);
  }

  void transferred() {
    messages.labelValues("transferred").inc();
  }

  void refused() {
    messages.labelValues("refused").inc();
  }

  void unconfirmed() {
    messages.labelValues("unconfirmed").inc();
  }
}
