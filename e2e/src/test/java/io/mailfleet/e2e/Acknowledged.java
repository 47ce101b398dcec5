package io.mailfleet.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The waits of the tests that check the promise: so many messages acknowledged with 250 through a
 * tier, and every one of them at the sink. A timeout fails with the figures and the diagnostics.
 */
final class Acknowledged {

  private Acknowledged() {}

  /** Waits until {@code load} has had {@code count} messages acknowledged with 250. */
  static void reach(SmtpLoad load, int count, Duration timeout, Supplier<String> diagnostics) {
    try {
      await(count + " messages acknowledged with 250 through the tier's Service")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> load.acknowledgedCount() >= count);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage()
              + ": "
              + load.acknowledgedCount()
              + " were, failures "
              + load.failures()
              + diagnostics.get(),
          e);
    }
  }

  /**
   * Waits until every acknowledged Message-ID is at {@code sink}; returns what arrived, and how
   * often.
   */
  static Map<String, Integer> arrivedAt(
      SmtpSink sink, Set<String> acknowledged, Duration timeout, Supplier<String> diagnostics) {
    try {
      return await(acknowledged.size() + " acknowledged messages at the sink " + sink.target())
          .atMost(timeout)
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> sink.arrivals(SmtpLoad.MESSAGE_ID_DOMAIN),
              arrivals -> arrivals.keySet().containsAll(acknowledged));
    } catch (ConditionTimeoutException e) {
      Map<String, Integer> arrivals = sink.arrivals(SmtpLoad.MESSAGE_ID_DOMAIN);
      Set<String> missing =
          acknowledged.stream().filter(id -> !arrivals.containsKey(id)).collect(Collectors.toSet());
      throw new AssertionError(
          missing.size()
              + " of "
              + acknowledged.size()
              + " messages acknowledged with 250 never arrived at the sink, e.g. "
              + missing.stream().limit(10).toList()
              + diagnostics.get(),
          e);
    }
  }
}
