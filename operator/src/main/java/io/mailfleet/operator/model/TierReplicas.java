package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.ScalingMode;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;

/**
 * How many pods a tier should run (docs/adr/0001-deliverytier-replicas.md): in External mode {@code
 * spec.replicas}, which HPA, KEDA or {@code kubectl scale} write; in Auto mode the operator decides
 * from the tier's queues (operator scaling package), starting from {@code scaling.minReplicas} when
 * the StatefulSet is created.
 */
public final class TierReplicas {

  private TierReplicas() {}

  /** The StatefulSet's replicas for {@code tier} before its queues are known. */
  public static int desired(DeliveryTier tier) {
    ScalingSpec scaling = tier.getSpec().getScaling();
    ScalingMode mode =
        scaling == null || scaling.getMode() == null ? ScalingMode.AUTO : scaling.getMode();
    if (mode == ScalingMode.EXTERNAL) {
      Integer replicas = tier.getSpec().getReplicas();
      return replicas == null ? 1 : replicas;
    }
    return scaling == null || scaling.getMinReplicas() == null ? 1 : scaling.getMinReplicas();
  }
}
