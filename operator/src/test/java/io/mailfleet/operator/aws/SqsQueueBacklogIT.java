package io.mailfleet.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.e2e.AwsEmulator;
import io.mailfleet.e2e.LocalAws;
import io.mailfleet.operator.scaling.SqsBacklog;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The backlog of a queue in the AWS emulator, read through the SDK's SQS client. */
@LocalAws
class SqsQueueBacklogIT {

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> attempts = new CopyOnWriteArrayList<>();
  private final AwsCallRecorder recorder =
      new AwsCallRecorder() {
        @Override
        public void call(String operation, String outcome, Duration duration) {
          calls.add(operation + " " + outcome);
        }

        @Override
        public void attempt(String operation) {
          attempts.add(operation);
        }
      };

  private AwsEmulator aws;
  private SqsClient sqs;
  private String queueUrl;

  @BeforeEach
  void createQueue(AwsEmulator emulator) {
    aws = emulator;
    sqs = emulator.sqs();
    queueUrl =
        sqs.createQueue(
                r ->
                    r.queueName("backlog-it-" + UUID.randomUUID().toString().substring(0, 8))
                        .tags(Map.of("mailfleet.io/test", "SqsQueueBacklogIT")))
            .queueUrl();
  }

  @AfterEach
  void deleteQueue() {
    sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    sqs.close();
  }

  @Test
  void backlogIsVisiblePlusInFlightMessages() {
    send(7);
    sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(3).visibilityTimeout(300));

    try (SqsQueueBacklog backlog = backlog(aws.endpoint())) {
      SqsBacklog read = backlog.read(queueUrl);

      assertThat(read).isEqualTo(new SqsBacklog.Measured(4, 3));
    }
    assertThat(calls).containsExactly("GetQueueAttributes success");
  }

  @Test
  void emptyQueueHasNoBacklog() {
    try (SqsQueueBacklog backlog = backlog(aws.endpoint())) {
      assertThat(backlog.read(queueUrl)).isEqualTo(new SqsBacklog.Measured(0, 0));
    }
  }

  @Test
  void queueThatDoesNotExistIsUnmeasuredAndSaysWhy() {
    String missing = queueUrl + "-gone";

    try (SqsQueueBacklog backlog = backlog(aws.endpoint())) {
      SqsBacklog read = backlog.read(missing);

      assertThat(read).isInstanceOf(SqsBacklog.Unmeasured.class);
      assertThat(((SqsBacklog.Unmeasured) read).why()).contains("GetQueueAttributes", missing);
    }
    assertThat(calls).singleElement().asString().doesNotEndWith("success");
  }

  @Test
  void unreachableEndpointIsRetriedThenUnmeasuredWithinTheCallTimeout() {
    long start = System.nanoTime();
    try (SqsQueueBacklog backlog = backlog(URI.create("http://127.0.0.1:1"))) {
      SqsBacklog read = backlog.read(queueUrl);

      assertThat(read).isInstanceOf(SqsBacklog.Unmeasured.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(attempts).as("the SDK's retries").hasSize(3);
  }

  private SqsQueueBacklog backlog(URI endpoint) {
    return new SqsQueueBacklog(
        AwsClientSettings.QUEUE_READS.withEndpoint(endpoint), aws.region().id(), recorder);
  }

  private void send(int messages) {
    sqs.sendMessageBatch(
        r ->
            r.queueUrl(queueUrl)
                .entries(
                    IntStream.range(0, messages)
                        .mapToObj(
                            i ->
                                SendMessageBatchRequestEntry.builder()
                                    .id("m" + i)
                                    .messageBody("{\"n\":" + i + "}")
                                    .build())
                        .toList()));
  }
}
