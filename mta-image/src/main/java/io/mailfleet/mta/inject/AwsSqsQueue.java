package io.mailfleet.mta.inject;

import io.mailfleet.mta.config.InvalidConfigException;
import io.mailfleet.mta.config.SqsSourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@link SqsQueue} over the AWS SDK's SQS client with the JDK's HTTP client. Credentials come from
 * the SDK's default chain (IRSA's web identity token in EKS), the endpoint from {@code
 * AWS_ENDPOINT_URL} when set (an emulator), the region from the configuration, else the queue URL,
 * else the default chain. Calls use the SDK's standard retry mode within the configured timeout;
 * what still fails becomes an {@link SqsCallException}.
 */
final class AwsSqsQueue implements SqsQueue {

  /**
   * {@code sqs.REGION.amazonaws.com} (also {@code .com.cn}) and the legacy {@code REGION.queue}.
   */
  private static final Pattern REGION_IN_HOST =
      Pattern.compile(
          "^(?:sqs\\.)?(" + SqsSourceConfig.REGION + ")\\.(?:queue\\.)?amazonaws\\.com(?:\\.cn)?$");

  /** Room beyond the long poll for the reply to come back. */
  private static final Duration REPLY_MARGIN = Duration.ofSeconds(10);

  private final SqsClient client;
  private final String queueUrl;

  private AwsSqsQueue(SqsClient client, String queueUrl) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  /** A client for the queue {@code config} names. */
  static AwsSqsQueue open(SqsSourceConfig config) {
    Duration attempt = config.waitTime().plus(REPLY_MARGIN);
    if (attempt.compareTo(config.callTimeout()) > 0) {
      attempt = config.callTimeout();
    }
    SqsClientBuilder builder =
        SqsClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(attempt))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(RetryMode.STANDARD)
                    .apiCallAttemptTimeout(attempt)
                    .apiCallTimeout(config.callTimeout())
                    .build());
    regionOf(config).map(Region::of).ifPresent(builder::region);
    try {
      return new AwsSqsQueue(builder.build(), config.queueUrl());
    } catch (SdkClientException e) {
      // Only the region is looked up when the client is built: the default chain found none.
      throw new InvalidConfigException(
          "source.sqs.region",
          "is not set, the queue URL names no region and the AWS SDK found none ("
              + e.getMessage()
              + "): set source.sqs.region or AWS_REGION");
    }
  }

  /** The configured region, else the one the queue URL's host names; empty: the default chain. */
  static Optional<String> regionOf(SqsSourceConfig config) {
    if (config.region() != null) {
      return Optional.of(config.region());
    }
    String host = URI.create(config.queueUrl()).getHost();
    Matcher m = REGION_IN_HOST.matcher(host == null ? "" : host);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public List<SqsMessage> receive(int maxMessages, Duration waitTime) {
    List<Message> messages =
        call(
            "ReceiveMessage",
            () ->
                client
                    .receiveMessage(
                        r ->
                            r.queueUrl(queueUrl)
                                .maxNumberOfMessages(maxMessages)
                                .waitTimeSeconds((int) waitTime.toSeconds()))
                    .messages());
    return messages.stream()
        .map(m -> new SqsMessage(m.messageId(), m.receiptHandle(), m.body()))
        .toList();
  }

  @Override
  public Set<String> delete(List<SqsMessage> messages) {
    List<DeleteMessageBatchRequestEntry> entries =
        entries(
            messages,
            (id, m) ->
                DeleteMessageBatchRequestEntry.builder()
                    .id(id)
                    .receiptHandle(m.receiptHandle())
                    .build());
    List<BatchResultErrorEntry> failed =
        call(
            "DeleteMessageBatch",
            () -> client.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed());
    return messageIds(messages, failed);
  }

  @Override
  public Set<String> defer(List<SqsMessage> messages, Duration invisibleFor) {
    List<ChangeMessageVisibilityBatchRequestEntry> entries =
        entries(
            messages,
            (id, m) ->
                ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(id)
                    .receiptHandle(m.receiptHandle())
                    .visibilityTimeout((int) invisibleFor.toSeconds())
                    .build());
    List<BatchResultErrorEntry> failed =
        call(
            "ChangeMessageVisibilityBatch",
            () ->
                client
                    .changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries))
                    .failed());
    return messageIds(messages, failed);
  }

  /** One batch entry per message, its id the message's index (what {@link #messageIds} reads). */
  private static <E> List<E> entries(
      List<SqsMessage> messages, BiFunction<String, SqsMessage, E> entry) {
    return IntStream.range(0, messages.size())
        .mapToObj(i -> entry.apply(Integer.toString(i), messages.get(i)))
        .toList();
  }

  /** The message ids of a batch's failed entries, whose ids are indexes into {@code messages}. */
  private static Set<String> messageIds(
      List<SqsMessage> messages, List<BatchResultErrorEntry> failed) {
    Set<String> ids = new HashSet<>();
    for (BatchResultErrorEntry entry : failed) {
      ids.add(messages.get(Integer.parseInt(entry.id())).messageId());
    }
    return ids;
  }

  /**
   * Runs an SDK call, mapping its failure: throttling, a 5xx and every client-side failure (no
   * connection, a timeout) are retryable; any other service error (no such queue, access denied) is
   * not.
   */
  private static <T> T call(String name, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      boolean retryable = e.isThrottlingException() || e.statusCode() >= 500;
      throw new SqsCallException(name + ": " + e.getMessage(), retryable, e);
    } catch (SdkException e) {
      throw new SqsCallException(name + ": " + e.getMessage(), true, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
