package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MonitorKind;
import io.mailfleet.operator.api.v1alpha1.MonitoringSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus Operator object that scrapes a MailCluster's MTA pods, when {@code
 * spec.monitoring.enabled}: a PodMonitor on the pods, or a ServiceMonitor on the tiers' headless
 * Services, at {@code interval}. Its targets carry the labels the alerting rules and the dashboard
 * select: {@code job="mailfleet-mta"}, {@code tier} and {@code mailcluster}.
 *
 * @param cluster the MailCluster
 * @param kind PodMonitor or ServiceMonitor
 * @param interval scrape interval, e.g. 30s
 */
public record MtaMonitorModel(MailCluster cluster, MonitorKind kind, String interval) {

  /** API version of the Prometheus Operator's PodMonitor and ServiceMonitor. */
  public static final String API_VERSION = "monitoring.coreos.com/v1";

  /** The job label of every MTA target, whatever the monitor is called. */
  public static final String JOB = "mailfleet-mta";

  /** Condition type on the MailCluster: whether its monitor is in place. */
  public static final String MONITORING_READY = "MonitoringReady";

  /** MonitoringReady=False: the Prometheus Operator's CRD for the monitor is not installed. */
  public static final String CRD_MISSING = "MonitoringCrdMissing";

  /** MonitoringReady=False: the API server refused the monitor. */
  public static final String APPLY_FAILED = "MonitorApplyFailed";

  private static final String DEFAULT_INTERVAL = "30s";
  private static final String METRICS_PORT = "admin";

  public MtaMonitorModel {
    if (cluster == null || kind == null || interval == null || interval.isBlank()) {
      throw new IllegalArgumentException("cluster, kind and interval are required");
    }
  }

  /** The monitor {@code cluster} asks for; empty when its monitoring is off. */
  public static Optional<MtaMonitorModel> of(MailCluster cluster) {
    MonitoringSpec monitoring = cluster.getSpec().getMonitoring();
    if (monitoring == null || !Boolean.TRUE.equals(monitoring.getEnabled())) {
      return Optional.empty();
    }
    return Optional.of(
        new MtaMonitorModel(
            cluster,
            monitoring.getKind() == null ? MonitorKind.POD_MONITOR : monitoring.getKind(),
            monitoring.getInterval() == null ? DEFAULT_INTERVAL : monitoring.getInterval()));
  }

  /** The Kubernetes kind of {@code kind}: PodMonitor or ServiceMonitor. */
  public static String kindName(MonitorKind kind) {
    return kind == MonitorKind.POD_MONITOR ? "PodMonitor" : "ServiceMonitor";
  }

  /** The monitor's name for {@code cluster}, the same for either kind. */
  public static String name(MailCluster cluster) {
    return cluster.getMetadata().getName() + "-mta";
  }

  /** The monitor, owned by the MailCluster so that it goes with it. */
  public GenericKubernetesResource resource() {
    String clusterName = cluster.getMetadata().getName();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", Map.of("matchLabels", selector(clusterName)));
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", METRICS_PORT);
    endpoint.put("path", "/metrics");
    endpoint.put("interval", interval);
    endpoint.put("relabelings", relabelings());
    spec.put(
        kind == MonitorKind.POD_MONITOR ? "podMetricsEndpoints" : "endpoints", List.of(endpoint));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(kindName(kind))
        .withNewMetadata()
        .withName(name(cluster))
        .withNamespace(cluster.getMetadata().getNamespace())
        .withLabels(labels(clusterName))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind())
                .withName(clusterName)
                .withUid(cluster.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  /** MonitoringReady=True after the monitor was applied; the reason names its kind. */
  public Observation applied() {
    return Observation.holds(
        MONITORING_READY,
        appliedReason(kind),
        kindName(kind) + " " + name(cluster) + " scrapes the MTA pods every " + interval);
  }

  /**
   * The kind of monitor a MailCluster's {@code conditions} say was applied: the one to delete when
   * monitoring is turned off or changes kind.
   */
  public static Optional<MonitorKind> applied(List<Condition> conditions) {
    return ConditionTransitions.find(conditions, MONITORING_READY)
        .filter(c -> c.getStatus() == ConditionStatus.TRUE)
        .flatMap(
            c ->
                Arrays.stream(MonitorKind.values())
                    .filter(k -> appliedReason(k).equals(c.getReason()))
                    .findFirst());
  }

  private static String appliedReason(MonitorKind kind) {
    return kindName(kind) + "Applied";
  }

  /** MonitoringReady=False while the cluster does not serve the monitor's kind. */
  public Observation crdMissing(String recheck) {
    return Observation.fails(
        MONITORING_READY,
        CRD_MISSING,
        "no "
            + kindName(kind)
            + " in this cluster: install the Prometheus Operator's CRDs ("
            + API_VERSION
            + "); looked for again every "
            + recheck);
  }

  /** MonitoringReady=False when the API server refused the monitor. */
  public Observation applyFailed(String why) {
    return Observation.fails(
        MONITORING_READY, APPLY_FAILED, "cannot apply " + kindName(kind) + ": " + why);
  }

  // The cluster's MTA pods (for a ServiceMonitor: its tiers' Services, which carry the same
  // labels; only the headless one has the admin port).
  private static Map<String, String> selector(String clusterName) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put("app.kubernetes.io/name", TierIdentity.APP_NAME);
    selector.put(TierIdentity.CLUSTER_LABEL, clusterName);
    return selector;
  }

  private static Map<String, String> labels(String clusterName) {
    Map<String, String> labels = new LinkedHashMap<>(selector(clusterName));
    labels.put("app.kubernetes.io/component", "monitoring");
    labels.put("app.kubernetes.io/part-of", "mailfleet");
    labels.put("app.kubernetes.io/managed-by", "mailfleet-operator");
    return labels;
  }

  // job, tier and mailcluster on every series, as the rules and the dashboard expect them.
  private static List<Map<String, Object>> relabelings() {
    return List.of(
        Map.of("targetLabel", "job", "replacement", JOB),
        Map.of("sourceLabels", List.of(podLabel(TierIdentity.TIER_LABEL)), "targetLabel", "tier"),
        Map.of(
            "sourceLabels",
            List.of(podLabel(TierIdentity.CLUSTER_LABEL)),
            "targetLabel",
            "mailcluster"));
  }

  // Prometheus's Kubernetes discovery spells a pod label with every other character as _.
  private static String podLabel(String label) {
    return "__meta_kubernetes_pod_label_" + label.replaceAll("[^a-zA-Z0-9_]", "_");
  }
}
