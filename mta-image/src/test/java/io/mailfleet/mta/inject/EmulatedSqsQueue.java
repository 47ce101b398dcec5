package io.mailfleet.mta.inject;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A queue of its own in the AWS emulator that {@code AWS_ENDPOINT_URL} names, created for one test
 * and deleted after it. Without the emulator the test fails and says how to start it.
 */
final class EmulatedSqsQueue implements AutoCloseable {

  private final SqsClient client;
  private final String url;

  private EmulatedSqsQueue(SqsClient client, String url) {
    this.client = client;
    this.url = url;
  }

  /** A new queue whose received messages stay invisible for {@code visibility}. */
  static EmulatedSqsQueue create(Duration visibility) {
    if (System.getenv("AWS_ENDPOINT_URL") == null) {
      fail(
          "AWS_ENDPOINT_URL is not set, so no AWS emulator is known: start it with"
              + " `make aws-up` and `source ~/.cache/mailfleet/run/aws.env`");
    }
    SqsClient client =
        SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    String name = "mailfleet-mta-it-" + UUID.randomUUID().toString().substring(0, 8);
    String url =
        client
            .createQueue(
                r ->
                    r.queueName(name)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Long.toString(visibility.toSeconds()))))
            .queueUrl();
    return new EmulatedSqsQueue(client, url);
  }

  String url() {
    return url;
  }

  /** Sends {@code bodies}, ten to a call. */
  void send(List<String> bodies) {
    for (int from = 0; from < bodies.size(); from += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(from + 10, bodies.size()); i++) {
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(bodies.get(i))
                .build());
      }
      var failed = client.sendMessageBatch(r -> r.queueUrl(url).entries(entries)).failed();
      if (!failed.isEmpty()) {
        throw new IllegalStateException("the emulator refused messages: " + failed);
      }
    }
  }

  /** Messages in the queue, visible or in flight. */
  long messagesLeft() {
    Map<QueueAttributeName, String> attributes =
        client
            .getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Long.parseLong(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  @Override
  public void close() {
    try {
      client.deleteQueue(r -> r.queueUrl(url));
    } finally {
      client.close();
    }
  }
}
