package io.mailfleet.mta.inject;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/** Counters of an SQS source, with labels from closed sets only. */
final class SqsMetrics {

  /** The SQS call that failed; a metric label. */
  enum Call {
    RECEIVE,
    DELETE,
    CHANGE_VISIBILITY
  }

  private final Counter messages;
  private final Counter failedCalls;

  SqsMetrics(PrometheusRegistry registry) {
    messages =
        Counter.builder()
            .name("mailfleet_mta_sqs_messages_total")
            .help("Messages received from the SQS source, by what became of them")
            .labelNames("outcome")
            .register(registry);
    failedCalls =
        Counter.builder()
            .name("mailfleet_mta_sqs_call_failures_total")
            .help("SQS calls that failed after the SDK's retries, by call")
            .labelNames("call")
            .register(registry);
    for (SqsOutcome outcome : SqsOutcome.values()) {
      messages.labelValues(outcome.label());
    }
    for (Call call : Call.values()) {
      failedCalls.labelValues(label(call));
    }
  }

  void count(SqsOutcome outcome, int messageCount) {
    if (messageCount > 0) {
      messages.labelValues(outcome.label()).inc(messageCount);
    }
  }

  void callFailed(Call call) {
    failedCalls.labelValues(label(call)).inc();
  }

  private static String label(Call call) {
    return call.name().toLowerCase(Locale.ROOT);
  }
}
