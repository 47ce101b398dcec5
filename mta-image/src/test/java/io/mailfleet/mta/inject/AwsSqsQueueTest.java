package io.mailfleet.mta.inject;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.SqsSourceConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where the SQS client's region comes from. */
class AwsSqsQueueTest {

  @Test
  void regionIsTakenFromTheQueueUrlsHost() {
    assertThat(
            AwsSqsQueue.regionOf(
                SqsSourceConfig.of("https://sqs.eu-west-1.amazonaws.com/123456789012/bulk")))
        .contains("eu-west-1");
    assertThat(
            AwsSqsQueue.regionOf(
                SqsSourceConfig.of("https://ap-southeast-2.queue.amazonaws.com/123456789012/q")))
        .contains("ap-southeast-2");
    assertThat(
            AwsSqsQueue.regionOf(
                SqsSourceConfig.of("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q")))
        .contains("cn-north-1");
  }

  @Test
  void configuredRegionWinsOverTheUrl() {
    SqsSourceConfig config =
        new SqsSourceConfig(
            "https://sqs.eu-west-1.amazonaws.com/123456789012/bulk",
            "us-east-2",
            null,
            null,
            null,
            null,
            null);
    assertThat(AwsSqsQueue.regionOf(config)).contains("us-east-2");
  }

  @Test
  void urlWithoutARegionLeavesItToTheDefaultChain() {
    assertThat(AwsSqsQueue.regionOf(SqsSourceConfig.of("http://127.0.0.1:15000/123456789012/q")))
        .isEmpty();
    assertThat(
            AwsSqsQueue.regionOf(
                new SqsSourceConfig(
                    "https://localhost.localstack.cloud:4566/000000000000/q",
                    null,
                    null,
                    null,
                    Duration.ofSeconds(1),
                    null,
                    null)))
        .isEmpty();
  }
}
