package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.DkimKey;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The Secrets a MailCluster names: STARTTLS certificate, AUTH users and DKIM keys. */
public final class ClusterSecretReferences {

  private ClusterSecretReferences() {}

  /** Secret names in the cluster's namespace, each once, in the order the spec names them. */
  public static List<String> of(MailCluster cluster) {
    Set<String> names = new LinkedHashSet<>();
    InboundSpec inbound = MailClusterDefaults.inbound(cluster);
    if (inbound.getTls() != null) {
      names.add(inbound.getTls().getSecretName());
    }
    if (inbound.getAuth() != null) {
      names.add(inbound.getAuth().getSecretName());
    }
    if (cluster.getSpec().getDelivery() != null
        && cluster.getSpec().getDelivery().getDkim() != null) {
      cluster.getSpec().getDelivery().getDkim().stream()
          .map(DkimKey::getSecretName)
          .forEach(names::add);
    }
    return List.copyOf(names);
  }
}
