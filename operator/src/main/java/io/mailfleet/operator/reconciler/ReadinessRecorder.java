package io.mailfleet.operator.reconciler;

/** Where reconcilers report each resource's readiness; the metrics layer turns it into a gauge. */
public interface ReadinessRecorder {

  /**
   * Records that the {@code kind} (MailCluster, DeliveryTier) {@code namespace/name} is or is not
   * ready.
   */
  void record(String kind, String namespace, String name, boolean ready);

  /** A recorder that keeps nothing, for tests that do not look at metrics. */
  ReadinessRecorder NONE = (kind, namespace, name, ready) -> {};
}
