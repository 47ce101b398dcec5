package io.mailfleet.e2e;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the AWS emulator (moto) answers, as {@code e2e/cluster/aws.sh env} exports it.
 *
 * @param endpoint the {@code AWS_ENDPOINT_URL} every SDK client is sent to
 * @param region the region the emulator plays
 */
public record AwsEmulator(URI endpoint, Region region) {

  public AwsEmulator {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
  }

  /** Dummy credentials: the emulator accepts any, the SDK insists on some. */
  public StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  /** An EC2 client bound to the emulator. */
  public Ec2Client ec2() {
    return ec2Builder().build();
  }

  /**
   * An EC2 client bound to an account of the emulator that nobody else uses, so quotas and listings
   * see only what the test made there. moto keeps one state per account and takes the account from
   * the {@code x-moto-account-id} header.
   */
  public Ec2Client ec2InNewAccount() {
    String account =
        String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
    return ec2Builder()
        .overrideConfiguration(
            ClientOverrideConfiguration.builder().putHeader("x-moto-account-id", account).build())
        .build();
  }

  /** An SQS client bound to the emulator. */
  public SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private Ec2ClientBuilder ec2Builder() {
    return Ec2Client.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }
}
