package io.mailfleet.operator.aws;

import io.mailfleet.operator.model.PoolStatusModel;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * One SDK EC2 client per region, built the same way: credentials and endpoint from the SDK's
 * default chains (IRSA's web identity token in EKS; {@code AWS_ENDPOINT_URL} for an emulator),
 * standard retries with the SDK's throttling backoff, and a timeout on every attempt and call.
 */
public final class Ec2ElasticIpRegions implements ElasticIpRegions {

  /**
   * How the clients talk to AWS.
   *
   * @param endpoint an endpoint for every region instead of the SDK's chain, null to use the chain
   * @param attemptTimeout the most one HTTP attempt may take
   * @param callTimeout the most one call may take, retries included
   * @param maxAttempts attempts per call, the first included
   */
  public record Settings(
      URI endpoint, Duration attemptTimeout, Duration callTimeout, int maxAttempts) {

    /** What the operator runs with: the endpoint from the SDK's chain. */
    public static final Settings DEFAULT =
        new Settings(null, Duration.ofSeconds(10), Duration.ofSeconds(30), 5);

    public Settings {
      Objects.requireNonNull(attemptTimeout, "attemptTimeout");
      Objects.requireNonNull(callTimeout, "callTimeout");
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
      }
    }

    /** These settings sending every call to {@code uri}. */
    public Settings withEndpoint(URI uri) {
      return new Settings(uri, attemptTimeout, callTimeout, maxAttempts);
    }
  }

  private final Settings settings;
  private final AwsCallRecorder recorder;
  private final Map<String, Ec2Client> clients = new ConcurrentHashMap<>();

  public Ec2ElasticIpRegions(Settings settings, AwsCallRecorder recorder) {
    this.settings = settings;
    this.recorder = recorder;
  }

  @Override
  public ElasticIps in(String region) {
    if (Region.regions().stream().noneMatch(r -> r.id().equals(region))) {
      throw new ElasticIpException(
          "Configure",
          PoolStatusModel.UNKNOWN_REGION,
          false,
          "AWS has no region "
              + region
              + ": fix spec.aws.region (or the operator's aws.region), e.g. us-east-1",
          null);
    }
    return new Ec2ElasticIps(clients.computeIfAbsent(region, this::client), region, recorder);
  }

  private Ec2Client client(String region) {
    Ec2ClientBuilder builder =
        Ec2Client.builder()
            .region(Region.of(region))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
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
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  @Override
  public void close() {
    clients.values().forEach(Ec2Client::close);
    clients.clear();
  }
}
