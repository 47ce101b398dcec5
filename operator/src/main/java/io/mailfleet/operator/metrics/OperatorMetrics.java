package io.mailfleet.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mailfleet.operator.api.v1alpha1.AddressState;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.aws.AwsCallRecorder;
import io.mailfleet.operator.reconciler.AddressRecorder;
import io.mailfleet.operator.reconciler.ReadinessRecorder;
import io.mailfleet.operator.scaling.ScalingDecision;
import io.mailfleet.operator.scaling.ScalingRecorder;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * JOSDK's {@link Metrics} callbacks and the reconcilers' readiness reports, kept in a Prometheus
 * registry. Label {@code controller} is the controller name (the lower-case kind), {@code kind} the
 * custom resource's kind.
 */
public final class OperatorMetrics
    implements Metrics, ReadinessRecorder, AwsCallRecorder, AddressRecorder, ScalingRecorder {

  private static final String TIER_KIND = HasMetadata.getKind(DeliveryTier.class);

  private final PrometheusRegistry registry;
  private final Counter reconciliations;
  private final Counter errors;
  private final Histogram duration;
  private final Counter events;
  private final Gauge tierReplicas;
  private final Counter decisions;
  private final Histogram scaleDownDuration;
  private final Counter transferred;
  // (kind, namespace/name) -> ready; removed when JOSDK reports the resource cleaned up.
  private final Map<ResourceKey, Boolean> readiness = new ConcurrentHashMap<>();
  // Resources whose reconciliation is running, and those deleted meanwhile: that reconciliation may
  // record readiness after the cleanup, so its end removes the entry again.
  private final Set<ResourceKey> reconciling = ConcurrentHashMap.newKeySet();
  private final Set<ResourceKey> deletedWhileReconciling = ConcurrentHashMap.newKeySet();
  private final Counter awsCalls;
  private final Counter awsAttempts;
  private final Histogram awsDuration;
  private final Counter orphans;
  // (namespace/name) -> addresses by state; removed when the pool is deleted.
  private final Map<ResourceID, Map<AddressState, Long>> poolAddresses = new ConcurrentHashMap<>();

  /** Registers the operator's metrics in {@code registry}. */
  public OperatorMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    reconciliations =
        Counter.builder()
            .name("mailfleet_operator_reconciliations_total")
            .help("Reconciliations started, by controller.")
            .labelNames("controller")
            .register(registry);
    errors =
        Counter.builder()
            .name("mailfleet_operator_reconcile_errors_total")
            .help("Reconciliations that failed, by controller and reason.")
            .labelNames("controller", "reason")
            .register(registry);
    duration =
        Histogram.builder()
            .name("mailfleet_operator_reconcile_duration_seconds")
            .help("Time one reconciliation takes, by controller and outcome.")
            .unit(Unit.SECONDS)
            .labelNames("controller", "outcome")
            .classicOnly()
            .register(registry);
    events =
        Counter.builder()
            .name("mailfleet_operator_events_received_total")
            .help("Watch events received, by controller.")
            .labelNames("controller")
            .register(registry);
    tierReplicas =
        Gauge.builder()
            .name("mailfleet_operator_tier_replicas")
            .help(
                "A tier's pods: current (its StatefulSet's) and desired (what scaling heads for).")
            .labelNames("namespace", "tier", "state")
            .register(registry);
    decisions =
        Counter.builder()
            .name("mailfleet_operator_scaling_decisions_total")
            .help("Auto-mode scaling decisions, by direction (up, down, none) and reason.")
            .labelNames("namespace", "tier", "direction", "reason")
            .register(registry);
    scaleDownDuration =
        Histogram.builder()
            .name("mailfleet_operator_scale_down_duration_seconds")
            .help(
                "Time from a leaving pod's drain until its queue was handed over (completed) or the step was called off.")
            .unit(Unit.SECONDS)
            .labelNames("namespace", "tier", "outcome")
            .classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600, 1800)
            .register(registry);
    transferred =
        Counter.builder()
            .name("mailfleet_operator_messages_transferred_total")
            .help("Messages leaving pods handed to their peers, as the peers confirmed them.")
            .labelNames("namespace", "tier")
            .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_operator_resources")
        .help("Custom resources the operator reconciles, by kind and readiness.")
        .labelNames("kind", "ready")
        .callback(
            callback ->
                readiness.entrySet().stream()
                    .collect(
                        Collectors.groupingBy(
                            e -> Map.entry(e.getKey().kind(), e.getValue()), Collectors.counting()))
                    .forEach(
                        (key, count) ->
                            callback.call(count, key.getKey(), String.valueOf(key.getValue()))))
        .register(registry);
    awsCalls =
        Counter.builder()
            .name("mailfleet_operator_aws_calls_total")
            .help("AWS API calls, by operation and outcome (success or AWS's error code).")
            .labelNames("operation", "outcome")
            .register(registry);
    awsAttempts =
        Counter.builder()
            .name("mailfleet_operator_aws_call_attempts_total")
            .help(
                "HTTP attempts of AWS API calls, by operation: attempts beyond calls are retries.")
            .labelNames("operation")
            .register(registry);
    awsDuration =
        Histogram.builder()
            .name("mailfleet_operator_aws_call_duration_seconds")
            .help("Time one AWS API call takes, retries included, by operation.")
            .unit(Unit.SECONDS)
            .labelNames("operation")
            .classicOnly()
            .register(registry);
    orphans =
        Counter.builder()
            .name("mailfleet_operator_orphan_addresses_found_total")
            .help("Elastic IPs found tagged with this installation whose SendingIpPool is gone.")
            .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_operator_pool_addresses")
        .help("Elastic IPs of each SendingIpPool, by state.")
        .labelNames("namespace", "pool", "state")
        .callback(
            callback ->
                poolAddresses.forEach(
                    (pool, byState) ->
                        byState.forEach(
                            (state, count) ->
                                callback.call(
                                    count,
                                    pool.getNamespace().orElse(""),
                                    pool.getName(),
                                    stateName(state)))))
        .register(registry);
  }

  /** The registry these metrics live in, for the {@code /metrics} endpoint. */
  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void record(String kind, String namespace, String name, boolean ready) {
    readiness.put(new ResourceKey(kind, new ResourceID(name, namespace)), ready);
  }

  @Override
  public void call(String operation, String outcome, Duration duration) {
    awsCalls.labelValues(operation, outcome).inc();
    awsDuration.labelValues(operation).observe(duration.toNanos() / 1e9);
  }

  @Override
  public void attempt(String operation) {
    awsAttempts.labelValues(operation).inc();
  }

  @Override
  public void poolAddresses(String namespace, String name, Map<AddressState, Long> byState) {
    poolAddresses.put(new ResourceID(name, namespace), Map.copyOf(byState));
  }

  @Override
  public void poolGone(String namespace, String name) {
    poolAddresses.remove(new ResourceID(name, namespace));
  }

  @Override
  public void orphansFound(int count) {
    orphans.inc(count);
  }

  // The CRD's spelling (Allocated, Associated, ...), as kubectl shows the state.
  private static String stateName(AddressState state) {
    String lower = state.name().toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  @Override
  public void replicas(String namespace, String tier, int current, int desired) {
    tierReplicas.labelValues(namespace, tier, "current").set(current);
    tierReplicas.labelValues(namespace, tier, "desired").set(desired);
  }

  @Override
  public void decision(String namespace, String tier, ScalingDecision decision) {
    decisions
        .labelValues(namespace, tier, decision.direction().label(), decision.reason().label())
        .inc();
  }

  @Override
  public void scaleDownStep(String namespace, String tier, boolean completed, Duration took) {
    scaleDownDuration
        .labelValues(namespace, tier, completed ? "completed" : "called_off")
        .observe(took.toMillis() / 1e3);
  }

  @Override
  public void transferred(String namespace, String tier, long messages) {
    transferred.labelValues(namespace, tier).inc(messages);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    events.labelValues(controller(metadata)).inc();
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    reconciliations.labelValues(controller(metadata)).inc();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    errors.labelValues(controller(metadata), reason(exception)).inc();
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    reconciling.add(ResourceKey.of(resource));
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    ResourceKey key = ResourceKey.of(resource);
    reconciling.remove(key);
    if (deletedWhileReconciling.remove(key)) {
      forget(key);
    }
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    Object gvk = metadata == null ? null : metadata.get(Constants.RESOURCE_GVK_KEY);
    if (gvk instanceof GroupVersionKind kind) {
      ResourceKey key = new ResourceKey(kind.getKind(), resourceID);
      forget(key);
      if (reconciling.contains(key)) {
        deletedWhileReconciling.add(key);
      }
    }
  }

  // A deleted resource's series go with it: a deleted tier's desired size would otherwise wait
  // forever for pods that will not come (MailfleetTierBelowDesiredReplicas).
  private void forget(ResourceKey key) {
    readiness.remove(key);
    if (TIER_KIND.equals(key.kind())) {
      String namespace = key.id().getNamespace().orElse("");
      tierReplicas.remove(namespace, key.id().getName(), "current");
      tierReplicas.remove(namespace, key.id().getName(), "desired");
    }
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = execution.execute();
      outcome = execution.successTypeName(result);
      return result;
    } finally {
      duration
          .labelValues(execution.controllerName(), outcome)
          .observe((System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * A short, bounded label value: the API server's reason (Conflict, Forbidden, Invalid, ...) for
   * client errors, else the exception's class. Messages would give every failure its own series.
   */
  static String reason(Exception exception) {
    Throwable cause = exception;
    while (cause != null) {
      if (cause instanceof KubernetesClientException client) {
        if (client.getStatus() != null && client.getStatus().getReason() != null) {
          return client.getStatus().getReason();
        }
        return client.getCode() > 0 ? "Http" + client.getCode() : "KubernetesClientException";
      }
      if (cause.getCause() == null || cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    return cause == null ? exception.getClass().getSimpleName() : cause.getClass().getSimpleName();
  }

  private static String controller(Map<String, Object> metadata) {
    Object name = metadata == null ? null : metadata.get(Constants.CONTROLLER_NAME);
    return name == null ? "unknown" : name.toString();
  }

  /** One custom resource of one kind. */
  private record ResourceKey(String kind, ResourceID id) {
    static ResourceKey of(HasMetadata resource) {
      return new ResourceKey(resource.getKind(), ResourceID.fromResource(resource));
    }
  }
}
