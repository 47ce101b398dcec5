package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AddressAttribute;
import software.amazon.awssdk.services.ec2.model.AddressAttributeName;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.PtrUpdateStatus;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The Elastic IP calls the operator makes, against the emulator, which must answer as AWS does
 * (e2e/cluster/moto/mailfleet_moto.py fills moto's gaps). Each test works in an account of its own,
 * so the quota and the listings see only its addresses.
 */
@LocalAws
class ElasticIpIT {

  private static final String UNKNOWN_ALLOCATION = "eipalloc-0123456789abcdef0";
  private static final Duration PTR_APPLIED_WITHIN = Duration.ofSeconds(30);

  @Test
  void elasticIpIsAllocatedTaggedAndReleased(AwsEmulator aws) {
    try (Ec2Client ec2 = aws.ec2InNewAccount()) {
      AllocateAddressResponse allocated = allocate(ec2, tag("mailfleet.io/cluster-id", "it"));

      Address described =
          ec2.describeAddresses(r -> r.allocationIds(allocated.allocationId())).addresses().get(0);
      assertThat(described.publicIp()).isEqualTo(allocated.publicIp());
      assertThat(described.tags()).containsExactly(tag("mailfleet.io/cluster-id", "it"));

      ec2.releaseAddress(r -> r.allocationId(allocated.allocationId()));

      assertErrorCode(() -> ec2.describeAddresses(r -> r.allocationIds(allocated.allocationId())))
          .isEqualTo("InvalidAllocationID.NotFound");
    }
  }

  @Test
  void reverseDnsIsPendingThenAppliedAndResetRemovesIt(AwsEmulator aws) {
    try (Ec2Client ec2 = aws.ec2InNewAccount()) {
      String allocationId = allocate(ec2).allocationId();

      AddressAttribute requested =
          ec2.modifyAddressAttribute(
                  r -> r.allocationId(allocationId).domainName("o0.mail.example.com"))
              .address();
      assertThat(requested.allocationId()).isEqualTo(allocationId);
      assertThat(requested.ptrRecord()).isNull();
      assertThat(requested.ptrRecordUpdate().value()).isEqualTo("o0.mail.example.com.");
      assertThat(requested.ptrRecordUpdate().status()).isEqualTo("PENDING");

      await()
          .atMost(PTR_APPLIED_WITHIN)
          .untilAsserted(
              () -> {
                AddressAttribute shown = onlyPtrOf(ec2, allocationId);
                assertThat(shown.ptrRecord()).isEqualTo("o0.mail.example.com.");
                assertThat(shown.ptrRecordUpdate()).isNull();
              });

      AddressAttribute reset =
          ec2.resetAddressAttribute(
                  r -> r.allocationId(allocationId).attribute(AddressAttributeName.DOMAIN_NAME))
              .address();
      assertThat(reset.ptrRecord()).isEqualTo("o0.mail.example.com.");
      assertThat(reset.ptrRecordUpdate().status()).isEqualTo("PENDING");
      assertThat(reset.ptrRecordUpdate().value()).isNull();

      await().atMost(PTR_APPLIED_WITHIN).until(() -> ptrsOf(ec2, allocationId).isEmpty());
    }
  }

  @Test
  void reverseDnsOfANameThatDoesNotResolveFailsWithAReason(AwsEmulator aws) {
    try (Ec2Client ec2 = aws.ec2InNewAccount()) {
      String allocationId = allocate(ec2).allocationId();

      ec2.modifyAddressAttribute(
          r -> r.allocationId(allocationId).domainName("o0.mail.example.invalid"));

      await()
          .atMost(PTR_APPLIED_WITHIN)
          .untilAsserted(
              () -> {
                AddressAttribute shown = onlyPtrOf(ec2, allocationId);
                assertThat(shown.ptrRecord()).isNull();
                PtrUpdateStatus update = shown.ptrRecordUpdate();
                assertThat(update.status()).isEqualTo("FAILED");
                assertThat(update.value()).isEqualTo("o0.mail.example.invalid.");
                assertThat(update.reason()).contains("o0.mail.example.invalid");
              });
    }
  }

  @Test
  void addressAttributeCallsRefuseUnknownAllocationIdsAndBadInput(AwsEmulator aws) {
    try (Ec2Client ec2 = aws.ec2InNewAccount()) {
      String allocationId = allocate(ec2).allocationId();

      assertErrorCode(
              () ->
                  ec2.modifyAddressAttribute(
                      r -> r.allocationId(UNKNOWN_ALLOCATION).domainName("o0.example.com")))
          .isEqualTo("InvalidAllocationID.NotFound");
      assertErrorCode(
              () ->
                  ec2.resetAddressAttribute(
                      r ->
                          r.allocationId(UNKNOWN_ALLOCATION)
                              .attribute(AddressAttributeName.DOMAIN_NAME)))
          .isEqualTo("InvalidAllocationID.NotFound");
      assertErrorCode(
              () ->
                  ec2.describeAddressesAttribute(
                      r ->
                          r.allocationIds(UNKNOWN_ALLOCATION)
                              .attribute(AddressAttributeName.DOMAIN_NAME)))
          .isEqualTo("InvalidAllocationID.NotFound");
      assertErrorCode(
              () ->
                  ec2.modifyAddressAttribute(
                      r -> r.allocationId("not-an-id").domainName("o0.example.com")))
          .isEqualTo("InvalidAllocationID.Malformed");
      assertErrorCode(
              () ->
                  ec2.modifyAddressAttribute(
                      r -> r.allocationId(allocationId).domainName("not a host name")))
          .isEqualTo("InvalidParameterValue");
      assertErrorCode(() -> ec2.modifyAddressAttribute(r -> r.allocationId(allocationId)))
          .isEqualTo("MissingParameter");
      assertErrorCode(
              () ->
                  ec2.resetAddressAttribute(
                      r -> r.allocationId(allocationId).attribute("hostname")))
          .isEqualTo("InvalidParameterValue");
    }
  }

  @Test
  void releasingAnAssociatedAddressIsRefusedUntilItIsDisassociated(AwsEmulator aws) {
    try (Ec2Client ec2 = aws.ec2InNewAccount()) {
      String allocationId = allocate(ec2).allocationId();
      String associationId = associateWithANewInterface(ec2, allocationId);

      assertErrorCode(() -> ec2.releaseAddress(r -> r.allocationId(allocationId)))
          .isEqualTo("InvalidIPAddress.InUse");
      assertThat(ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses())
          .singleElement()
          .extracting(Address::associationId)
          .isEqualTo(associationId);

      ec2.disassociateAddress(r -> r.associationId(associationId));
      ec2.releaseAddress(r -> r.allocationId(allocationId));

      assertThat(ec2.describeAddresses().addresses()).isEmpty();
    }
  }

  @Test
  void allocatingBeyondTheQuotaFailsWithAddressLimitExceeded(AwsEmulator aws) {
    int limit = Integer.parseInt(System.getenv().getOrDefault("MAILFLEET_MOTO_EIP_LIMIT", "5"));
    try (Ec2Client ec2 = aws.ec2InNewAccount()) {
      List<String> allocated = new ArrayList<>();
      for (int i = 0; i < limit; i++) {
        allocated.add(allocate(ec2).allocationId());
      }

      assertErrorCode(() -> allocate(ec2)).isEqualTo("AddressLimitExceeded");
      assertThat(ec2.describeAddresses().addresses()).hasSize(limit);

      ec2.releaseAddress(r -> r.allocationId(allocated.get(0)));
      assertThat(allocate(ec2).allocationId()).startsWith("eipalloc-");
    }
  }

  @Test
  void describeAddressesFiltersByTagAndByTagKeyOrValue(AwsEmulator aws) {
    try (Ec2Client ec2 = aws.ec2InNewAccount()) {
      String first =
          allocate(ec2, tag("mailfleet.io/pool", "a"), tag("mailfleet.io/index", "0"))
              .allocationId();
      String second =
          allocate(ec2, tag("mailfleet.io/pool", "a"), tag("mailfleet.io/index", "1"))
              .allocationId();
      String other = allocate(ec2, tag("mailfleet.io/pool", "b")).allocationId();
      String team = allocate(ec2, tag("team", "mail")).allocationId();

      assertThat(allocationIds(ec2, filter("tag:mailfleet.io/pool", "a")))
          .containsExactlyInAnyOrder(first, second);
      assertThat(allocationIds(ec2, filter("tag:mailfleet.io/pool", "a", "b")))
          .containsExactlyInAnyOrder(first, second, other);
      assertThat(
              allocationIds(
                  ec2, filter("tag:mailfleet.io/pool", "a"), filter("tag:mailfleet.io/index", "1")))
          .containsExactly(second);
      assertThat(allocationIds(ec2, filter("tag-key", "mailfleet.io/pool")))
          .containsExactlyInAnyOrder(first, second, other);
      assertThat(allocationIds(ec2, filter("tag-value", "mail"))).containsExactly(team);
      assertThat(allocationIds(ec2, filter("tag:mailfleet.io/pool", "c"))).isEmpty();
    }
  }

  private static AllocateAddressResponse allocate(Ec2Client ec2, Tag... tags) {
    return ec2.allocateAddress(
        r -> {
          r.domain(DomainType.VPC);
          if (tags.length > 0) {
            r.tagSpecifications(
                TagSpecification.builder()
                    .resourceType(ResourceType.ELASTIC_IP)
                    .tags(tags)
                    .build());
          }
        });
  }

  private static String associateWithANewInterface(Ec2Client ec2, String allocationId) {
    String vpcId = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    String subnetId =
        ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20.1.0/24")).subnet().subnetId();
    String interfaceId =
        ec2.createNetworkInterface(r -> r.subnetId(subnetId))
            .networkInterface()
            .networkInterfaceId();
    return ec2.associateAddress(r -> r.allocationId(allocationId).networkInterfaceId(interfaceId))
        .associationId();
  }

  private static List<AddressAttribute> ptrsOf(Ec2Client ec2, String allocationId) {
    return ec2.describeAddressesAttribute(
            r -> r.allocationIds(allocationId).attribute(AddressAttributeName.DOMAIN_NAME))
        .addresses();
  }

  private static AddressAttribute onlyPtrOf(Ec2Client ec2, String allocationId) {
    List<AddressAttribute> shown = ptrsOf(ec2, allocationId);
    assertThat(shown).hasSize(1);
    return shown.get(0);
  }

  private static List<String> allocationIds(Ec2Client ec2, Filter... filters) {
    return ec2.describeAddresses(r -> r.filters(filters)).addresses().stream()
        .map(Address::allocationId)
        .toList();
  }

  private static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static AbstractStringAssert<?> assertErrorCode(ThrowingCallable call) {
    return assertThatThrownBy(call)
        .asInstanceOf(type(Ec2Exception.class))
        .extracting(e -> e.awsErrorDetails().errorCode())
        .asString();
  }
}
