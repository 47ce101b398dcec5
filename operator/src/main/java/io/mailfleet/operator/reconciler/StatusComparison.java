package io.mailfleet.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * Whether a newly computed status says what the resource's status already says, compared as the API
 * server stores them (JSON), so a reconciliation that changes nothing writes nothing.
 */
final class StatusComparison {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusComparison() {}

  /** True when {@code current} and {@code computed} serialize to the same JSON. */
  static boolean same(Object current, Object computed) {
    if (current == null || computed == null) {
      return Objects.equals(current, computed);
    }
    return JSON.valueToTree(current).equals(JSON.valueToTree(computed));
  }
}
