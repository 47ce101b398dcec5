package io.mailfleet.operator.aws;

import io.mailfleet.operator.scaling.QueueBacklog;
import io.mailfleet.operator.scaling.SqsBacklog;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link QueueBacklog} on the AWS SDK's SQS client: {@code GetQueueAttributes} for the approximate
 * visible and in-flight counts. One client per region, set up as {@link AwsClientSettings} says
 * ({@link AwsClientSettings#QUEUE_READS} in the operator). A call that still fails is an unmeasured
 * backlog.
 */
public final class SqsQueueBacklog implements QueueBacklog, AutoCloseable {

  /**
   * {@code sqs.REGION.amazonaws.com} (also {@code .com.cn}) and the legacy {@code REGION.queue}.
   */
  private static final Pattern REGION_IN_HOST =
      Pattern.compile(
          "^(?:sqs\\.)?([a-z]{2}(?:-[a-z]+)+-\\d)\\.(?:queue\\.)?amazonaws\\.com(?:\\.cn)?$");

  private static final String OPERATION = "GetQueueAttributes";

  private final AwsClientSettings settings;
  private final String region;
  private final AwsCallRecorder recorder;
  private final Map<Optional<String>, SqsClient> clients = new ConcurrentHashMap<>();

  /**
   * @param region the region of queues whose URL names none (an emulator's), null for the chain's
   */
  public SqsQueueBacklog(AwsClientSettings settings, String region, AwsCallRecorder recorder) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.region = region;
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  @Override
  public SqsBacklog read(String queueUrl) {
    long start = System.nanoTime();
    try {
      Map<QueueAttributeName, String> attributes =
          clients
              .computeIfAbsent(regionOf(queueUrl), this::client)
              .getQueueAttributes(
                  r ->
                      r.queueUrl(queueUrl)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      recorder.call(OPERATION, "success", Duration.ofNanos(System.nanoTime() - start));
      return new SqsBacklog.Measured(
          count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
          count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    } catch (SdkException e) {
      recorder.call(OPERATION, Ec2Failures.outcome(e), Duration.ofNanos(System.nanoTime() - start));
      String code = Ec2Failures.code(e);
      return new SqsBacklog.Unmeasured(
          OPERATION
              + " on "
              + queueUrl
              + " failed"
              + (code == null ? "" : " (" + code + ")")
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (NumberFormatException e) {
      recorder.call(OPERATION, "unreadable", Duration.ofNanos(System.nanoTime() - start));
      return new SqsBacklog.Unmeasured(OPERATION + " on " + queueUrl + ": " + e.getMessage());
    }
  }

  /** The region the queue URL's host names; empty for another host (an emulator's). */
  static Optional<String> regionOf(String queueUrl) {
    String host = URI.create(queueUrl).getHost();
    Matcher m = REGION_IN_HOST.matcher(host == null ? "" : host);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
    String value = attributes.get(name);
    if (value == null) {
      throw new NumberFormatException("SQS returned no " + name);
    }
    return Long.parseLong(value);
  }

  private SqsClient client(Optional<String> queueRegion) {
    SqsClientBuilder builder = settings.configure(SqsClient.builder(), recorder);
    queueRegion.or(() -> Optional.ofNullable(region)).map(Region::of).ifPresent(builder::region);
    return builder.build();
  }

  @Override
  public void close() {
    clients.values().forEach(SqsClient::close);
    clients.clear();
  }
}
