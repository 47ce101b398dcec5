package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Condition messages for failed reconciliations. */
class FailureMessageTest {

  @Test
  void eachFailedDependentIsNamedWithTheApiServersMessage() {
    Map<String, Exception> failures = new LinkedHashMap<>();
    failures.put(
        "statefulset",
        new RuntimeException(
            "wrapped",
            new KubernetesClientException(
                new StatusBuilder()
                    .withCode(422)
                    .withMessage("spec: Forbidden: updates")
                    .build())));
    failures.put("pdb", new IllegalStateException("first line\n\tat Some.frame(Some.java:1)"));

    assertThat(FailureMessage.of(new AggregatedOperatorException("workflow", failures)))
        .isEqualTo("statefulset: spec: Forbidden: updates; pdb: first line");
  }

  @Test
  void aLongMessageIsCutToFitACondition() {
    String message = FailureMessage.of(new IllegalStateException("x".repeat(5000)));

    assertThat(message).hasSize(FailureMessage.MAX_LENGTH).endsWith("...");
  }

  @Test
  void anObjectRefusedAsInvalidByOneDependentIsARefusal() {
    Map<String, Exception> failures = new LinkedHashMap<>();
    failures.put("pdb", new IllegalStateException("timeout"));
    failures.put(
        "headless",
        new RuntimeException(
            new KubernetesClientException(
                new StatusBuilder().withCode(422).withMessage("metadata.name: Invalid").build())));

    assertThat(FailureMessage.isRefusal(new AggregatedOperatorException("workflow", failures)))
        .isTrue();
  }

  @Test
  void aConflictOrATimeoutIsNoRefusal() {
    assertThat(
            FailureMessage.isRefusal(
                new KubernetesClientException(
                    new StatusBuilder().withCode(409).withMessage("conflict").build())))
        .isFalse();
    assertThat(FailureMessage.isRefusal(new IllegalStateException("timeout"))).isFalse();
  }

  @Test
  void anInterruptedReconciliationIsNoFailureOfTheTier() {
    assertThat(FailureMessage.isInterruption(new RuntimeException(new InterruptedException())))
        .isTrue();
    assertThat(FailureMessage.isInterruption(new IllegalStateException("422"))).isFalse();
  }
}
