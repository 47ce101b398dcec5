package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.operator.api.v1alpha1.MonitorKind;
import io.mailfleet.operator.model.MtaMonitorModel;

/** {@link Monitors} through the operator's Kubernetes client. */
final class KubernetesMonitors implements Monitors {

  private final KubernetesClient client;

  KubernetesMonitors(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean served(MonitorKind kind) {
    // API discovery, which every authenticated client may read: no RBAC on CRDs needed.
    return client.supports(MtaMonitorModel.API_VERSION, MtaMonitorModel.kindName(kind));
  }

  @Override
  public void apply(GenericKubernetesResource monitor) {
    client
        .resource(monitor)
        .fieldManager(MailClusterReconciler.NAME)
        .forceConflicts()
        .serverSideApply();
  }

  @Override
  public void delete(MonitorKind kind, String namespace, String name) {
    client
        .genericKubernetesResources(MtaMonitorModel.API_VERSION, MtaMonitorModel.kindName(kind))
        .inNamespace(namespace)
        .withName(name)
        .delete();
  }
}
