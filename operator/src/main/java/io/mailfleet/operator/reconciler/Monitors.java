package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.mailfleet.operator.api.v1alpha1.MonitorKind;

/**
 * The Prometheus Operator's monitors in the API server, as the MailCluster reconciler uses them.
 */
interface Monitors {

  /** Whether the API server serves {@code kind}: the Prometheus Operator's CRD is installed. */
  boolean served(MonitorKind kind);

  /** Creates or updates {@code monitor} with server-side apply. */
  void apply(GenericKubernetesResource monitor);

  /** Deletes the monitor of {@code kind} named {@code name}, if it exists. */
  void delete(MonitorKind kind, String namespace, String name);
}
