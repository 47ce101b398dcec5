package io.mailfleet.operator.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How the operator's SDK clients talk to AWS: credentials and endpoint from the SDK's default
 * chains (IRSA's web identity token in EKS; {@code AWS_ENDPOINT_URL} for an emulator) unless an
 * endpoint is given, standard retries with the SDK's throttling backoff, a timeout on every attempt
 * and call, and every attempt counted.
 *
 * @param endpoint an endpoint for every call instead of the SDK's chain, null to use the chain
 * @param attemptTimeout the most one HTTP attempt may take
 * @param callTimeout the most one call may take, retries included
 * @param maxAttempts attempts per call, the first included
 */
public record AwsClientSettings(
    URI endpoint, Duration attemptTimeout, Duration callTimeout, int maxAttempts) {

  /** The Elastic IP calls: patient, since a pool's reconcile may wait on them. */
  public static final AwsClientSettings ELASTIC_IPS =
      new AwsClientSettings(null, Duration.ofSeconds(10), Duration.ofSeconds(30), 5);

  /** The scaling round's queue reads: a read gives up within 3 s, well inside a 5 s round. */
  public static final AwsClientSettings QUEUE_READS =
      new AwsClientSettings(null, Duration.ofSeconds(1), Duration.ofSeconds(3), 3);

  private static final Duration MOST_TO_CONNECT = Duration.ofSeconds(5);

  public AwsClientSettings {
    Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
  }

  /** These settings sending every call to {@code uri}. */
  public AwsClientSettings withEndpoint(URI uri) {
    return new AwsClientSettings(uri, attemptTimeout, callTimeout, maxAttempts);
  }

  /** {@code builder} set up as these settings say, its attempts counted by {@code recorder}. */
  <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, AwsCallRecorder recorder) {
    builder
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(
                    attemptTimeout.compareTo(MOST_TO_CONNECT) < 0
                        ? attemptTimeout
                        : MOST_TO_CONNECT)
                .socketTimeout(attemptTimeout))
        .overrideConfiguration(
            c ->
                c.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(maxAttempts)
                            .build())
                    .apiCallAttemptTimeout(attemptTimeout)
                    .apiCallTimeout(callTimeout)
                    .addExecutionInterceptor(new AttemptCounter(recorder)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }
}
