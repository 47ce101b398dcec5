package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

@LocalAws
class ElasticIpIT {

  @Test
  void elasticIpIsAllocatedTaggedAndReleased(AwsEmulator aws) {
    try (Ec2Client ec2 = aws.ec2()) {
      AllocateAddressResponse allocated =
          ec2.allocateAddress(
              r ->
                  r.domain(DomainType.VPC)
                      .tagSpecifications(
                          TagSpecification.builder()
                              .resourceType(ResourceType.ELASTIC_IP)
                              .tags(
                                  Tag.builder().key("mailfleet.io/cluster-id").value("it").build())
                              .build()));

      Address described =
          ec2.describeAddresses(r -> r.allocationIds(allocated.allocationId())).addresses().get(0);
      assertThat(described.publicIp()).isEqualTo(allocated.publicIp());
      assertThat(described.tags())
          .containsExactly(Tag.builder().key("mailfleet.io/cluster-id").value("it").build());

      ec2.releaseAddress(r -> r.allocationId(allocated.allocationId()));

      assertThatThrownBy(
              () -> ec2.describeAddresses(r -> r.allocationIds(allocated.allocationId())))
          .asInstanceOf(type(Ec2Exception.class))
          .extracting(e -> e.awsErrorDetails().errorCode())
          .isEqualTo("InvalidAllocationID.NotFound");
    }
  }
}
