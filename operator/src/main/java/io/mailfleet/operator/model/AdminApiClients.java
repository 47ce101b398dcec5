package io.mailfleet.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who may reach an MTA pod's admin port through the tier's NetworkPolicy: the operator's own pods
 * (drain, queue figures) and Prometheus (scrapes). The operator learns them from its environment,
 * which the chart sets.
 *
 * @param operatorNamespace the namespace the operator runs in, or {@code null} when unknown (run
 *     outside a cluster): its pods are then admitted from any namespace
 * @param operatorPodLabels labels that select the operator's pods
 * @param prometheusNamespaceLabels labels of the namespaces Prometheus runs in; empty selects every
 *     namespace
 * @param prometheusPodLabels labels of the Prometheus pods; empty selects every pod of those
 *     namespaces
 */
public record AdminApiClients(
    String operatorNamespace,
    Map<String, String> operatorPodLabels,
    Map<String, String> prometheusNamespaceLabels,
    Map<String, String> prometheusPodLabels) {

  /** The label every namespace carries with its own name (Kubernetes 1.22 and later). */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /** What the chart labels the operator's pods with, whatever the release. */
  public static final Map<String, String> DEFAULT_OPERATOR_POD_LABELS =
      Map.of("app.kubernetes.io/name", "mailfleet-operator");

  /** The label the Prometheus Operator and the Prometheus chart give Prometheus pods. */
  public static final Map<String, String> DEFAULT_PROMETHEUS_POD_LABELS =
      Map.of("app.kubernetes.io/name", "prometheus");

  /** Operator pods in any namespace and Prometheus pods in any namespace, by their usual labels. */
  public static final AdminApiClients DEFAULTS =
      new AdminApiClients(
          null, DEFAULT_OPERATOR_POD_LABELS, Map.of(), DEFAULT_PROMETHEUS_POD_LABELS);

  public AdminApiClients {
    if (operatorNamespace != null && operatorNamespace.isBlank()) {
      operatorNamespace = null;
    }
    operatorPodLabels = copy("operatorPodLabels", operatorPodLabels);
    if (operatorPodLabels.isEmpty()) {
      // Empty would admit every pod of the operator's namespace, or of the whole cluster.
      throw new IllegalArgumentException("operatorPodLabels must name at least one label");
    }
    prometheusNamespaceLabels = copy("prometheusNamespaceLabels", prometheusNamespaceLabels);
    prometheusPodLabels = copy("prometheusPodLabels", prometheusPodLabels);
  }

  /** The labels that select the operator's namespace; empty (every namespace) when unknown. */
  public Map<String, String> operatorNamespaceLabels() {
    return operatorNamespace == null ? Map.of() : Map.of(NAMESPACE_NAME_LABEL, operatorNamespace);
  }

  /**
   * Labels written {@code key=value,key=value}, as the chart passes them in an environment
   * variable; blank is none.
   */
  public static Map<String, String> parseLabels(String name, String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return labels;
    }
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            name + " must be key=value pairs separated by commas, was " + text);
      }
      labels.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
    }
    return labels;
  }

  private static Map<String, String> copy(String field, Map<String, String> labels) {
    Objects.requireNonNull(labels, field);
    return Map.copyOf(labels);
  }
}
