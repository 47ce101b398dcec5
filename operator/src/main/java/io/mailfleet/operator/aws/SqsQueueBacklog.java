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
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link QueueBacklog} on the AWS SDK's SQS client: {@code GetQueueAttributes} for the approximate
 * visible and in-flight counts. One client per region, built as the EC2 clients are (credentials
 * and endpoint from the SDK's default chains, standard retries with backoff), with timeouts short
 * enough for a 5-second scaling round. A call that still fails is an unmeasured backlog.
 */
public final class SqsQueueBacklog implements QueueBacklog, AutoCloseable {

  /**
   * {@code sqs.REGION.amazonaws.com} (also {@code .com.cn}) and the legacy {@code REGION.queue}.
   */
  private static final Pattern REGION_IN_HOST =
      Pattern.compile(
          "^(?:sqs\\.)?([a-z]{2}(?:-[a-z]+)+-\\d)\\.(?:queue\\.)?amazonaws\\.com(?:\\.cn)?$");

  private static final String OPERATION = "GetQueueAttributes";

  /**
   * How the clients talk to SQS.
   *
   * @param region the region of queues whose URL names none (an emulator's), null for the chain's
   * @param endpoint an endpoint for every call instead of the SDK's chain, null to use the chain
   * @param attemptTimeout the most one HTTP attempt may take
   * @param callTimeout the most one read may take, retries included
   * @param maxAttempts attempts per read, the first included
   */
  public record Settings(
      String region, URI endpoint, Duration attemptTimeout, Duration callTimeout, int maxAttempts) {

    /** What the operator runs with: a read gives up within 3 s, well inside a round. */
    public static Settings inRegion(String region) {
      return new Settings(region, null, Duration.ofSeconds(1), Duration.ofSeconds(3), 3);
    }

    public Settings {
      Objects.requireNonNull(attemptTimeout, "attemptTimeout");
      Objects.requireNonNull(callTimeout, "callTimeout");
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
      }
    }

    /** These settings sending every call to {@code uri}. */
    public Settings withEndpoint(URI uri) {
      return new Settings(region, uri, attemptTimeout, callTimeout, maxAttempts);
    }
  }

  private final Settings settings;
  private final AwsCallRecorder recorder;
  private final Map<Optional<String>, SqsClient> clients = new ConcurrentHashMap<>();

  public SqsQueueBacklog(Settings settings, AwsCallRecorder recorder) {
    this.settings = Objects.requireNonNull(settings, "settings");
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

  private SqsClient client(Optional<String> region) {
    SqsClientBuilder builder =
        SqsClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(settings.attemptTimeout())
                    .socketTimeout(settings.attemptTimeout()))
            .overrideConfiguration(
                c ->
                    c.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .build())
                        .apiCallAttemptTimeout(settings.attemptTimeout())
                        .apiCallTimeout(settings.callTimeout())
                        .addExecutionInterceptor(new AttemptCounter(recorder)));
    region
        .or(() -> Optional.ofNullable(settings.region()))
        .map(Region::of)
        .ifPresent(builder::region);
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  @Override
  public void close() {
    clients.values().forEach(SqsClient::close);
    clients.clear();
  }
}
