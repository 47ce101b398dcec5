package io.mailfleet.operator.aws;

import io.mailfleet.operator.model.PoolStatusModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** One SDK EC2 client per region, each set up as {@link AwsClientSettings} says. */
public final class Ec2ElasticIpRegions implements ElasticIpRegions {

  private final AwsClientSettings settings;
  private final AwsCallRecorder recorder;
  private final Map<String, Ec2Client> clients = new ConcurrentHashMap<>();

  public Ec2ElasticIpRegions(AwsClientSettings settings, AwsCallRecorder recorder) {
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
    return settings.configure(Ec2Client.builder().region(Region.of(region)), recorder).build();
  }

  @Override
  public void close() {
    clients.values().forEach(Ec2Client::close);
    clients.clear();
  }
}
