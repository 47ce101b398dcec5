package io.mailfleet.operator.scaling;

import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.ScalingBehavior;
import io.mailfleet.operator.api.v1alpha1.ScalingMetric;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.model.KubernetesDuration;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tier's {@code spec.scaling} with every default filled in and the bound its SendingIpPool sets.
 *
 * @param metric the load signal
 * @param minReplicas fewest pods
 * @param maxReplicas most pods, from scaling.maxReplicas
 * @param poolSize addresses in the tier's SendingIpPool; a sending tier never outgrows them
 * @param targetPerPod messages per pod aimed for (QueueDepth, SqsBacklog)
 * @param targetMessageAge oldest message age aimed for (OldestMessageAge)
 * @param scaleUp damping of growth
 * @param scaleDown damping of shrinking
 */
public record ScalingPolicy(
    ScalingMetric metric,
    int minReplicas,
    int maxReplicas,
    OptionalInt poolSize,
    long targetPerPod,
    Duration targetMessageAge,
    Damping scaleUp,
    Damping scaleDown) {

  /**
   * One direction's damping, as the HPA's behaviour has it.
   *
   * @param window how far back recommendations count; zero acts on the latest alone
   * @param maxStep most pods added or removed in one decision
   */
  public record Damping(Duration window, int maxStep) {
    public Damping {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || maxStep < 1) {
        throw new IllegalArgumentException("window must not be negative and maxStep positive");
      }
    }
  }

  public ScalingPolicy {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(poolSize, "poolSize");
    Objects.requireNonNull(targetMessageAge, "targetMessageAge");
    Objects.requireNonNull(scaleUp, "scaleUp");
    Objects.requireNonNull(scaleDown, "scaleDown");
    if (minReplicas < 0 || maxReplicas < minReplicas || targetPerPod < 1) {
      throw new IllegalArgumentException(
          "need 0 <= minReplicas <= maxReplicas and targetPerPod >= 1");
    }
  }

  /** The policy of {@code tier}, bounded by {@code pool} when the tier sends from one. */
  public static ScalingPolicy of(DeliveryTier tier, Optional<SendingIpPool> pool) {
    ScalingSpec s =
        tier.getSpec().getScaling() == null ? new ScalingSpec() : tier.getSpec().getScaling();
    OptionalInt poolSize =
        tier.getSpec().getIpPoolRef() == null
            ? OptionalInt.empty()
            : pool.map(ScalingPolicy::addresses).orElse(OptionalInt.of(0));
    return new ScalingPolicy(
        s.getMetric() == null ? ScalingMetric.QUEUE_DEPTH : s.getMetric(),
        orDefault(s.getMinReplicas(), 1),
        orDefault(s.getMaxReplicas(), 10),
        poolSize,
        orDefault(s.getTargetPerPod(), 1000),
        KubernetesDuration.parse(s.getTargetMessageAge() == null ? "5m" : s.getTargetMessageAge()),
        damping(s.getScaleUp(), Duration.ZERO, 4),
        damping(s.getScaleDown(), Duration.ofMinutes(5), 1));
  }

  /** Most pods the tier may run: maxReplicas, and no more than its pool's addresses. */
  public int upperBound() {
    return poolSize.isPresent() ? Math.min(maxReplicas, poolSize.getAsInt()) : maxReplicas;
  }

  /** Fewest pods the tier runs: minReplicas, unless the pool has fewer addresses. */
  public int lowerBound() {
    return Math.min(minReplicas, upperBound());
  }

  /** Why the upper bound is what it is. */
  ScalingReason upperBoundReason() {
    return poolSize.isPresent() && poolSize.getAsInt() < maxReplicas
        ? ScalingReason.POOL_SIZE
        : ScalingReason.MAX_REPLICAS;
  }

  private static OptionalInt addresses(SendingIpPool pool) {
    if (pool.getSpec() == null) {
      return OptionalInt.of(0);
    }
    if (pool.getSpec().getAddresses() != null && !pool.getSpec().getAddresses().isEmpty()) {
      return OptionalInt.of(pool.getSpec().getAddresses().size());
    }
    return OptionalInt.of(orDefault(pool.getSpec().getSize(), 0));
  }

  private static Damping damping(ScalingBehavior behavior, Duration window, int maxStep) {
    if (behavior == null) {
      return new Damping(window, maxStep);
    }
    return new Damping(
        behavior.getStabilizationWindow() == null
            ? window
            : KubernetesDuration.parse(behavior.getStabilizationWindow()),
        orDefault(behavior.getMaxStep(), maxStep));
  }

  private static int orDefault(Integer value, int otherwise) {
    return value == null ? otherwise : value;
  }
}
