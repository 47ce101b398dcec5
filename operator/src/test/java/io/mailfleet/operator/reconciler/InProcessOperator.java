package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.AwsEmulator;
import io.mailfleet.operator.MailfleetOperator;
import io.mailfleet.operator.OperatorSettings;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.aws.AwsClientSettings;
import io.mailfleet.operator.aws.Ec2ElasticIpRegions;
import io.mailfleet.operator.metrics.OperatorMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The operator running in the test's JVM, watching only the test class's namespace. */
final class InProcessOperator implements AutoCloseable {

  static final String IMAGE = "mailfleet.local/mta:it";

  private static final Duration CLEANUP = Duration.ofSeconds(90);

  private final KubernetesClient client;
  private final MailfleetOperator operator;
  private final OperatorMetrics metrics;

  private InProcessOperator(KubernetesClient client, OperatorSettings settings) {
    this(client, settings, AwsClientSettings.ELASTIC_IPS);
  }

  private InProcessOperator(
      KubernetesClient client, OperatorSettings settings, AwsClientSettings aws) {
    this.client = client;
    metrics = new OperatorMetrics(new PrometheusRegistry());
    operator =
        new MailfleetOperator(
            client,
            settings,
            metrics,
            MailfleetOperator.LeaseLoss.STAY,
            new Ec2ElasticIpRegions(aws, metrics));
    operator.start();
  }

  /**
   * A single replica of installation {@code clusterId} whose pools live in the emulator's region.
   * The SDK finds the emulator through {@code AWS_ENDPOINT_URL} as the operator's Deployment does,
   * unless {@code endpoint} (a proxy in front of it) is given.
   */
  static InProcessOperator startWithAws(
      KubernetesClient client, AwsEmulator aws, String clusterId, URI endpoint) {
    return startWithAws(
        client, aws, clusterId, endpoint, AwsClientSettings.ELASTIC_IPS.attemptTimeout());
  }

  /** As above, with every AWS call attempt cut at {@code attemptTimeout}. */
  static InProcessOperator startWithAws(
      KubernetesClient client,
      AwsEmulator aws,
      String clusterId,
      URI endpoint,
      Duration attemptTimeout) {
    AwsClientSettings defaults = AwsClientSettings.ELASTIC_IPS;
    AwsClientSettings settings =
        new AwsClientSettings(
            endpoint, attemptTimeout, defaults.callTimeout(), defaults.maxAttempts());
    return new InProcessOperator(
        client,
        OperatorSettings.of(clusterId, IMAGE)
            .watching(Set.of(client.getNamespace()))
            .withHttpPort(0)
            .withAwsRegion(aws.region().id()),
        settings);
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

  /**
   * Deletes the namespace's SendingIpPools and waits for their finalizer (this operator's cleanup)
   * before it stops: a pool left with the finalizer would hold its namespace's deletion forever.
   */
  @Override
  public void close() {
    try {
      client.resources(SendingIpPool.class).inNamespace(client.getNamespace()).delete();
      client
          .resources(SendingIpPool.class)
          .inNamespace(client.getNamespace())
          .informOnCondition(pools -> pools.isEmpty())
          .get(CLEANUP.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("SendingIpPools were not cleaned up within " + CLEANUP, e);
    } finally {
      operator.close();
    }
  }
}
