package io.mailfleet.operator.scaling;

import java.time.Duration;

/** Where the scaling of tiers reports what it did, for the operator's metrics. */
public interface ScalingRecorder {

  /** The tier's current and desired pods after a round. */
  void replicas(String namespace, String tier, int current, int desired);

  /** A decision that moved (or, for {@code none}, held) the tier, by direction and reason. */
  void decision(String namespace, String tier, ScalingDecision decision);

  /** A pod left after its queue was handed over, or its step was called off. */
  void scaleDownStep(String namespace, String tier, boolean completed, Duration took);

  /** Messages a leaving pod's peers confirmed since the last report. */
  void transferred(String namespace, String tier, long messages);

  /** Records nothing: for tests that do not look at metrics. */
  ScalingRecorder NONE =
      new ScalingRecorder() {
        @Override
        public void replicas(String namespace, String tier, int current, int desired) {}

        @Override
        public void decision(String namespace, String tier, ScalingDecision decision) {}

        @Override
        public void scaleDownStep(
            String namespace, String tier, boolean completed, Duration took) {}

        @Override
        public void transferred(String namespace, String tier, long messages) {}
      };
}
