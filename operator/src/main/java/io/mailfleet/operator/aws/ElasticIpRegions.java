package io.mailfleet.operator.aws;

/** Where the operator finds the {@link ElasticIps} of a region; closing it closes every client. */
public interface ElasticIpRegions extends AutoCloseable {

  /**
   * The Elastic IPs of {@code region}.
   *
   * @throws ElasticIpException with reason UnknownRegion when AWS has no such region
   */
  ElasticIps in(String region);

  @Override
  void close();
}
