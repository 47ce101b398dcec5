package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.Map;

/**
 * The NetworkPolicy of a tier's pods: SMTP open to every client (the load balancer, in-cluster
 * senders, peer MTAs handing over a queue), the admin port only to the operator's pods and to
 * Prometheus, nothing else in. Egress is left alone: MTAs deliver to the whole Internet. Only a CNI
 * that implements NetworkPolicy enforces it; the admin token guards the mutating routes either way.
 */
public final class TierNetworkPolicyModel {

  private TierNetworkPolicyModel() {}

  static NetworkPolicy build(DeliveryTierModel model) {
    TierIdentity id = model.identity();
    AdminApiClients clients = model.adminApiClients();
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(id.networkPolicyName())
        .withNamespace(id.namespace())
        .withLabels(id.labels())
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(id.selectorLabels())
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(
            new NetworkPolicyIngressRuleBuilder()
                .withPorts(port(TierStatefulSetModel.smtpPort(model)))
                .build(),
            adminRule(TierStatefulSetModel.adminPort(model), clients))
        .endSpec()
        .build();
  }

  private static NetworkPolicyIngressRule adminRule(int adminPort, AdminApiClients clients) {
    return new NetworkPolicyIngressRuleBuilder()
        .withPorts(port(adminPort))
        .withFrom(
            peer(clients.operatorNamespaceLabels(), clients.operatorPodLabels()),
            peer(clients.prometheusNamespaceLabels(), clients.prometheusPodLabels()))
        .build();
  }

  /**
   * Pods with {@code podLabels} in namespaces with {@code namespaceLabels} (both: empty is any).
   */
  private static NetworkPolicyPeer peer(
      Map<String, String> namespaceLabels, Map<String, String> podLabels) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(selector(namespaceLabels))
        .withPodSelector(selector(podLabels))
        .build();
  }

  /** No {@code matchLabels} at all for "any": the API server stores it so, and apply compares. */
  private static LabelSelector selector(Map<String, String> labels) {
    return labels.isEmpty() ? new LabelSelector() : new LabelSelector(null, labels);
  }

  private static NetworkPolicyPort port(int port) {
    return new NetworkPolicyPortBuilder()
        .withPort(new IntOrString(port))
        .withProtocol("TCP")
        .build();
  }
}
