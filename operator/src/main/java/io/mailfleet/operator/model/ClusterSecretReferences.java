package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.DkimKeySpec;
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
    MailClusterSettings settings = MailClusterSettings.fromCrd(cluster);
    if (settings.tls() != null) {
      names.add(settings.tls().getSecretName());
    }
    if (settings.auth() != null) {
      names.add(settings.auth().getSecretName());
    }
    settings.dkimKeys().stream().map(DkimKeySpec::getSecretName).forEach(names::add);
    return List.copyOf(names);
  }
}
