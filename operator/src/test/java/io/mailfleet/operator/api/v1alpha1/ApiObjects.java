package io.mailfleet.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small, valid mailfleet objects for tests that need one in the cluster. */
final class ApiObjects {

  private ApiObjects() {}

  static MailCluster mailCluster(String name) {
    MailCluster cluster = new MailCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).build());
    cluster.setSpec(new MailClusterSpec().setHostname("mx.mail.example.com"));
    return cluster;
  }

  /** A tier of cluster {@code mail} on port 25, scaled by {@code mode} between 1 and 8 pods. */
  static DeliveryTier deliveryTier(String name, ScalingMode mode) {
    DeliveryTier tier = new DeliveryTier();
    tier.setMetadata(new ObjectMetaBuilder().withName(name).build());
    tier.setSpec(
        new DeliveryTierSpec()
            .setClusterRef(new LocalObjectReference().setName("mail"))
            .setIpPoolRef(new LocalObjectReference().setName("outbound"))
            .setInbound(new TierInbound().setPort(25))
            .setScaling(new ScalingSpec().setMode(mode).setMinReplicas(1).setMaxReplicas(8)));
    return tier;
  }

  static SendingIpPool sendingIpPool(String name, int size) {
    SendingIpPool pool = new SendingIpPool();
    pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
    pool.setSpec(new SendingIpPoolSpec().setSize(size));
    return pool;
  }

  /** A Ready condition with the given status, as the operator would write it. */
  static Condition ready(ConditionStatus status, String reason, long generation) {
    return new Condition()
        .setType("Ready")
        .setStatus(status)
        .setReason(reason)
        .setMessage("Observed by a test.")
        .setObservedGeneration(generation)
        .setLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }
}
