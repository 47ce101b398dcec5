package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierSpec;
import io.mailfleet.operator.api.v1alpha1.LocalObjectReference;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MailClusterSpec;
import io.mailfleet.operator.api.v1alpha1.ScalingMode;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolSpec;
import io.mailfleet.operator.api.v1alpha1.TierInbound;

/** Small valid custom resources for the reconciler tests. */
final class TierFixtures {

  private TierFixtures() {}

  static MailCluster cluster(String name) {
    MailCluster cluster = new MailCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).build());
    cluster.setSpec(new MailClusterSpec().setHostname("mx.mail.example.com"));
    return cluster;
  }

  /** An External-mode tier of {@code cluster} on port 25 with one pod and no IP pool. */
  static DeliveryTier tier(String name, String cluster) {
    DeliveryTier tier = new DeliveryTier();
    tier.setMetadata(new ObjectMetaBuilder().withName(name).build());
    tier.setSpec(
        new DeliveryTierSpec()
            .setClusterRef(new LocalObjectReference().setName(cluster))
            .setInbound(new TierInbound().setPort(25))
            .setReplicas(1)
            .setScaling(
                new ScalingSpec()
                    .setMode(ScalingMode.EXTERNAL)
                    .setMinReplicas(1)
                    .setMaxReplicas(5)));
    return tier;
  }

  static SendingIpPool pool(String name) {
    SendingIpPool pool = new SendingIpPool();
    pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
    pool.setSpec(new SendingIpPoolSpec().setSize(1));
    return pool;
  }
}
