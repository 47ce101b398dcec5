package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierSpec;
import io.mailfleet.operator.api.v1alpha1.LocalObjectReference;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MailClusterSpec;
import io.mailfleet.operator.api.v1alpha1.ScalingMode;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;
import io.mailfleet.operator.api.v1alpha1.TierInbound;
import java.util.Map;

/** A MailCluster and DeliveryTier as the API server stores them after defaulting, for tests. */
final class TierFixtures {

  static final String NAMESPACE = "mail-eu";
  static final String IMAGE = "mailfleet.local/mta:test";

  /**
   * The operator as the chart installs it in {@code mailfleet-system}, Prometheus in monitoring.
   */
  static final AdminApiClients ADMIN_CLIENTS =
      new AdminApiClients(
          "mailfleet-system",
          Map.of("app.kubernetes.io/name", "mailfleet-operator"),
          Map.of(AdminApiClients.NAMESPACE_NAME_LABEL, "monitoring"),
          Map.of("app.kubernetes.io/name", "prometheus"));

  /** The operator's AWS settings as the chart passes them on an emulator. */
  static final MtaAwsEnvironment AWS = new MtaAwsEnvironment("eu-west-1", "http://127.0.0.1:15000");

  private TierFixtures() {}

  static MailCluster cluster() {
    MailCluster cluster = new MailCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName("mail")
            .withNamespace(NAMESPACE)
            .withGeneration(1L)
            .build());
    cluster.setSpec(new MailClusterSpec().setHostname("mx.mail.example.com"));
    return cluster;
  }

  /** Tier {@code bulk} on port 25, Auto mode between 2 and 8 pods, spec.replicas 5. */
  static DeliveryTier tier() {
    DeliveryTier tier = new DeliveryTier();
    tier.setMetadata(
        new ObjectMetaBuilder()
            .withName("bulk")
            .withNamespace(NAMESPACE)
            .withGeneration(3L)
            .build());
    tier.setSpec(
        new DeliveryTierSpec()
            .setClusterRef(new LocalObjectReference().setName("mail"))
            .setInbound(new TierInbound().setPort(25))
            .setReplicas(5)
            .setScaling(
                new ScalingSpec()
                    .setMode(ScalingMode.AUTO)
                    .setMinReplicas(2)
                    .setMaxReplicas(8)
                    .setDrainTimeout("10m")));
    return tier;
  }

  static DeliveryTierModel model(MailCluster cluster, DeliveryTier tier) {
    return new DeliveryTierModel(tier, cluster, IMAGE, ADMIN_CLIENTS, AWS);
  }

  static DeliveryTierModel model() {
    return model(cluster(), tier());
  }
}
