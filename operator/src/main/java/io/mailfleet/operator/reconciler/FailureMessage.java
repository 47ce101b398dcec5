package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.stream.Collectors;

/**
 * What a user should read in a condition when a reconciliation failed: the API server's own words
 * per dependent, not a stack trace, and short enough for a condition message.
 */
final class FailureMessage {

  static final int MAX_LENGTH = 1024;

  /** The API server's answer to an object that fails validation ("is invalid"). */
  private static final int UNPROCESSABLE_ENTITY = 422;

  private FailureMessage() {}

  static String of(Exception e) {
    String text =
        e instanceof AggregatedOperatorException aggregated
            ? aggregated.getAggregatedExceptions().entrySet().stream()
                .map(entry -> entry.getKey() + ": " + rootMessage(entry.getValue()))
                .collect(Collectors.joining("; "))
            : rootMessage(e);
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
  }

  /**
   * Whether the API server refused an object as invalid (HTTP 422): the same object will be refused
   * again until someone changes the tier or its MailCluster, so retrying alone does not help.
   */
  static boolean isRefusal(Exception e) {
    if (e instanceof AggregatedOperatorException aggregated) {
      return aggregated.getAggregatedExceptions().values().stream()
          .anyMatch(FailureMessage::isRefusal);
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException client
          && client.getCode() == UNPROCESSABLE_ENTITY) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} only says the reconciling thread was interrupted. */
  static boolean isInterruption(Throwable e) {
    if (e instanceof AggregatedOperatorException aggregated) {
      return aggregated.getAggregatedExceptions().values().stream()
          .allMatch(FailureMessage::isInterruption);
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException client
          && client.getStatus() != null
          && client.getStatus().getMessage() != null) {
        return client.getStatus().getMessage();
      }
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
