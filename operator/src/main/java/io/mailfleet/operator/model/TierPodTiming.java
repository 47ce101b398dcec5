package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;
import java.time.Duration;

/** How long a tier's pod gets to leave: the drain timeout and the kubelet's grace around it. */
public final class TierPodTiming {

  /**
   * Added to the drain timeout for the kubelet's grace: the preStop drain, JVM exit and a last
   * spool fsync happen after the MTA's own shutdown grace ran out, and must not be cut by SIGKILL.
   */
  static final Duration KILL_MARGIN = Duration.ofSeconds(30);

  private TierPodTiming() {}

  /** How long the MTA may take to finish in-flight work once asked to stop. */
  public static Duration drainTimeout(DeliveryTier tier) {
    ScalingSpec scaling = tier.getSpec().getScaling();
    String text =
        scaling == null || scaling.getDrainTimeout() == null
            ? ScalingSpec.DEFAULT_DRAIN_TIMEOUT
            : scaling.getDrainTimeout();
    return KubernetesDuration.parse(text);
  }

  /** The pod's terminationGracePeriodSeconds. */
  public static long terminationGraceSeconds(DeliveryTier tier) {
    return drainTimeout(tier).plus(KILL_MARGIN).toSeconds();
  }
}
