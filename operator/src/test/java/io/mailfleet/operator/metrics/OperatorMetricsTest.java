package io.mailfleet.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.scaling.ScalingDecision;
import io.mailfleet.operator.scaling.ScalingReason;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the operator's /metrics shows. */
class OperatorMetricsTest {

  private final OperatorMetrics metrics = new OperatorMetrics(new PrometheusRegistry());

  @Test
  void resourcesAreCountedByControllerAndReadinessUntilCleanedUp() throws IOException {
    metrics.record("DeliveryTier", "ns", "bulk", true);
    metrics.record("DeliveryTier", "ns", "transactional", false);
    metrics.record("MailCluster", "ns", "bulk", false);
    metrics.cleanupDoneFor(
        new ResourceID("transactional", "ns"),
        Map.of(
            Constants.CONTROLLER_NAME,
            "deliverytier",
            Constants.RESOURCE_GVK_KEY,
            GroupVersionKind.gvkFor(DeliveryTier.class)));

    String text = scrape();

    assertThat(text)
        .contains("mailfleet_operator_resources{kind=\"DeliveryTier\",ready=\"true\"} 1.0")
        .contains("mailfleet_operator_resources{kind=\"MailCluster\",ready=\"false\"} 1.0")
        .doesNotContain("kind=\"DeliveryTier\",ready=\"false\"");
  }

  @Test
  void aResourceDeletedWhileItsReconciliationRunsLeavesOnceThatReconciliationEnds()
      throws IOException {
    DeliveryTier tier = new DeliveryTier();
    tier.getMetadata().setName("bulk");
    tier.getMetadata().setNamespace("ns");
    metrics.record("DeliveryTier", "ns", "bulk", true);

    metrics.reconciliationExecutionStarted(tier, Map.of());
    metrics.cleanupDoneFor(
        new ResourceID("bulk", "ns"),
        Map.of(
            Constants.CONTROLLER_NAME,
            "deliverytier",
            Constants.RESOURCE_GVK_KEY,
            GroupVersionKind.gvkFor(DeliveryTier.class)));
    metrics.record("DeliveryTier", "ns", "bulk", true);
    metrics.reconciliationExecutionFinished(tier, Map.of());

    assertThat(scrape()).doesNotContain("kind=\"DeliveryTier\"");
  }

  @Test
  void reconcileErrorsAreCountedByTheApiServerReason() throws IOException {
    Status conflict = new StatusBuilder().withReason("Conflict").withCode(409).build();
    metrics.failedReconciliation(
        null,
        new RuntimeException("wrapped", new KubernetesClientException(conflict)),
        Map.of(Constants.CONTROLLER_NAME, "deliverytier"));
    metrics.failedReconciliation(
        null, new IllegalStateException("boom"), Map.of(Constants.CONTROLLER_NAME, "mailcluster"));

    assertThat(scrape())
        .contains(
            "mailfleet_operator_reconcile_errors_total{controller=\"deliverytier\",reason=\"Conflict\"} 1.0")
        .contains(
            "mailfleet_operator_reconcile_errors_total{controller=\"mailcluster\",reason=\"IllegalStateException\"} 1.0");
  }

  @Test
  void scalingShowsReplicasDecisionsStepsAndTransferredMessagesByTier() throws IOException {
    metrics.replicas("mail", "bulk", 1, 3);
    metrics.decision(
        "mail", "bulk", new ScalingDecision(1, 3, ScalingReason.MAX_REPLICAS, "1000 messages"));
    metrics.scaleDownStep("mail", "bulk", true, Duration.ofSeconds(12));
    metrics.transferred("mail", "bulk", 40);
    metrics.transferred("mail", "bulk", 2);

    assertThat(scrape())
        .contains(
            "mailfleet_operator_tier_replicas{namespace=\"mail\",state=\"current\",tier=\"bulk\"} 1.0")
        .contains(
            "mailfleet_operator_tier_replicas{namespace=\"mail\",state=\"desired\",tier=\"bulk\"} 3.0")
        .contains(
            "mailfleet_operator_scaling_decisions_total{direction=\"up\",namespace=\"mail\",reason=\"MaxReplicas\",tier=\"bulk\"} 1.0")
        .contains(
            "mailfleet_operator_scale_down_duration_seconds_count{namespace=\"mail\",outcome=\"completed\",tier=\"bulk\"} 1")
        .contains(
            "mailfleet_operator_messages_transferred_total{namespace=\"mail\",tier=\"bulk\"} 42.0");
  }

  @Test
  void aDeletedTierLeavesItsReplicaSeries() throws IOException {
    metrics.replicas("mail", "bulk", 2, 2);
    metrics.replicas("mail", "transactional", 1, 3);
    metrics.cleanupDoneFor(
        new ResourceID("transactional", "mail"),
        Map.of(
            Constants.CONTROLLER_NAME,
            "deliverytier",
            Constants.RESOURCE_GVK_KEY,
            GroupVersionKind.gvkFor(DeliveryTier.class)));

    assertThat(scrape())
        .contains(
            "mailfleet_operator_tier_replicas{namespace=\"mail\",state=\"desired\",tier=\"bulk\"} 2.0")
        .doesNotContain("tier=\"transactional\"");
  }

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
