package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.operator.MailfleetOperator;
import io.mailfleet.operator.OperatorSettings;
import io.mailfleet.operator.metrics.OperatorMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Set;

/** The operator running in the test's JVM, watching only the test class's namespace. */
final class InProcessOperator implements AutoCloseable {

  static final String IMAGE = "mailfleet.local/mta:it";

  private final MailfleetOperator operator;
  private final OperatorMetrics metrics;

  private InProcessOperator(KubernetesClient client, OperatorSettings settings) {
    metrics = new OperatorMetrics(new PrometheusRegistry());
    operator = new MailfleetOperator(client, settings, metrics, MailfleetOperator.LeaseLoss.STAY);
    operator.start();
  }

  /** A single replica without leader election. */
  static InProcessOperator start(KubernetesClient client) {
    return new InProcessOperator(
        client,
        OperatorSettings.of("it", IMAGE).watching(Set.of(client.getNamespace())).withHttpPort(0));
  }

  /** A single replica without leader election, with the AWS region and endpoint it passes on. */
  static InProcessOperator startWithAws(KubernetesClient client, String region, String endpoint) {
    return new InProcessOperator(
        client,
        OperatorSettings.of("it", IMAGE)
            .watching(Set.of(client.getNamespace()))
            .withHttpPort(0)
            .withAwsRegion(region)
            .withAwsEndpoint(endpoint));
  }

  /** One of several replicas competing for the Lease in the test namespace. */
  static InProcessOperator startReplica(KubernetesClient client, String identity) {
    return new InProcessOperator(
        client,
        OperatorSettings.of("it", IMAGE)
            .watching(Set.of(client.getNamespace()))
            .withLeaderElection(client.getNamespace(), identity)
            .withHttpPort(0));
  }

  /** The SDK's view of itself, as {@code /readyz} reads it. */
  io.javaoperatorsdk.operator.RuntimeInfo runtimeInfo() {
    return operator.runtimeInfo();
  }

  /** This replica's metrics registry. */
  PrometheusRegistry registry() {
    return metrics.registry();
  }

  /** What the resources gauge counts for {@code kind}, ready or not. */
  double resources(String kind) {
    return metrics.registry().scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals("mailfleet_operator_resources"))
        .flatMap(m -> m.getDataPoints().stream())
        .filter(p -> kind.equals(p.getLabels().get("kind")))
        .mapToDouble(
            p ->
                ((io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot) p)
                    .getValue())
        .sum();
  }

  /** Reconciliations this replica started, all controllers together. */
  double reconciliations() {
    return metrics.registry().scrape().stream()
        .filter(
            m -> m.getMetadata().getPrometheusName().equals("mailfleet_operator_reconciliations"))
        .flatMap(m -> m.getDataPoints().stream())
        .mapToDouble(
            p ->
                ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) p)
                    .getValue())
        .sum();
  }

  @Override
  public void close() {
    operator.close();
  }
}
