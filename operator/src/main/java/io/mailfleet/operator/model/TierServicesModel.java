package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.mailfleet.operator.api.v1alpha1.TierInbound;

/** The two Services of a tier: headless for pod identity, ClusterIP for submission. */
final class TierServicesModel {

  private TierServicesModel() {}

  /**
   * Headless and publishing not-ready pods: peers reach a draining pod by name to take over its
   * queue, and the StatefulSet needs the domain for each pod before it is ready.
   */
  static Service headless(DeliveryTierModel model) {
    TierIdentity id = model.identity();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(id.headlessServiceName())
        .withNamespace(id.namespace())
        .withLabels(id.labels())
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(id.selectorLabels())
        .withPorts(
            port("smtp", TierStatefulSetModel.smtpPort(model)),
            port("admin", TierStatefulSetModel.adminPort(model)))
        .endSpec()
        .build();
  }

  /**
   * Only ready pods: a draining pod turns unready and leaves the endpoints. The port is the tier's
   * {@code inbound.port} (25 for an MX tier), mapped to the MTA's unprivileged listener.
   */
  static Service submission(DeliveryTierModel model) {
    TierIdentity id = model.identity();
    TierInbound inbound = model.tier().getSpec().getInbound();
    int smtpPort = TierStatefulSetModel.smtpPort(model);
    int servicePort = inbound == null || inbound.getPort() == null ? smtpPort : inbound.getPort();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(id.submissionServiceName())
        .withNamespace(id.namespace())
        .withLabels(id.labels())
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(id.selectorLabels())
        .withPorts(
            new ServicePortBuilder()
                .withName("smtp")
                .withProtocol("TCP")
                .withPort(servicePort)
                .withTargetPort(new IntOrString("smtp"))
                .build())
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .build();
  }
}
