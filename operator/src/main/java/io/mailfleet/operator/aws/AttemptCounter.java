package io.mailfleet.operator.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts every HTTP attempt of an SDK client, so that retries show next to calls. */
record AttemptCounter(AwsCallRecorder recorder) implements ExecutionInterceptor {
  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    recorder.attempt(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }
}
