package io.mailfleet.operator.aws;

import java.time.Duration;

/** Where the AWS adapters report each call; the metrics layer turns it into counters. */
public interface AwsCallRecorder {

  /**
   * One API call (all its attempts) to {@code operation}, ending in {@code outcome}: "success" or
   * the error's reason.
   */
  void call(String operation, String outcome, Duration duration);

  /** One HTTP attempt of {@code operation}: attempts beyond calls are the SDK's retries. */
  void attempt(String operation);

  /** A recorder that keeps nothing, for tests that do not look at metrics. */
  AwsCallRecorder NONE =
      new AwsCallRecorder() {
        @Override
        public void call(String operation, String outcome, Duration duration) {}

        @Override
        public void attempt(String operation) {}
      };
}
