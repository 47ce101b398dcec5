package io.mailfleet.operator.aws;

import io.mailfleet.operator.model.ElasticIp;
import io.mailfleet.operator.model.PtrRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AddressAttribute;
import software.amazon.awssdk.services.ec2.model.AddressAttributeName;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesAttributeResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** {@link ElasticIps} on the AWS SDK's EC2 client of one region. */
final class Ec2ElasticIps implements ElasticIps {

  // DescribeAddressesAttribute takes at most 10 results a page.
  private static final int ATTRIBUTE_PAGE = 10;

  private final Ec2Client ec2;
  private final String region;
  private final AwsCallRecorder recorder;

  Ec2ElasticIps(Ec2Client ec2, String region, AwsCallRecorder recorder) {
    this.ec2 = ec2;
    this.region = region;
    this.recorder = recorder;
  }

  @Override
  public List<ElasticIp> findTagged(Map<String, String> tags) {
    List<Filter> filters =
        tags.entrySet().stream()
            .map(t -> Filter.builder().name("tag:" + t.getKey()).values(t.getValue()).build())
            .toList();
    return describe(filters);
  }

  @Override
  public List<ElasticIp> findById(Collection<String> allocationIds) {
    if (allocationIds.isEmpty()) {
      return List.of();
    }
    // A filter, not AllocationIds: those fail the whole call when one ID is unknown.
    return describe(List.of(Filter.builder().name("allocation-id").values(allocationIds).build()));
  }

  private List<ElasticIp> describe(List<Filter> filters) {
    return call(
        "DescribeAddresses",
        () ->
            ec2.describeAddresses(r -> r.filters(filters)).addresses().stream()
                .map(Ec2ElasticIps::elasticIp)
                .toList());
  }

  @Override
  public Map<String, PtrRecord> reverseDns(Collection<String> allocationIds) {
    Map<String, PtrRecord> ptrs = new HashMap<>();
    List<String> ids = List.copyOf(allocationIds);
    for (int from = 0; from < ids.size(); from += ATTRIBUTE_PAGE) {
      List<String> page = ids.subList(from, Math.min(ids.size(), from + ATTRIBUTE_PAGE));
      DescribeAddressesAttributeResponse response =
          call(
              "DescribeAddressesAttribute",
              () ->
                  ec2.describeAddressesAttribute(
                      r -> r.allocationIds(page).attribute(AddressAttributeName.DOMAIN_NAME)));
      response.addresses().forEach(a -> ptrs.put(a.allocationId(), ptrRecord(a)));
    }
    return ptrs;
  }

  @Override
  public ElasticIp allocate(
      Map<String, String> tags, String networkBorderGroup, String publicIpv4Pool) {
    TagSpecification tagging =
        TagSpecification.builder().resourceType(ResourceType.ELASTIC_IP).tags(tags(tags)).build();
    AllocateAddressResponse allocated =
        call(
            "AllocateAddress",
            () ->
                ec2.allocateAddress(
                    r ->
                        r.domain(DomainType.VPC)
                            .tagSpecifications(tagging)
                            .networkBorderGroup(networkBorderGroup)
                            .publicIpv4Pool(publicIpv4Pool)));
    return new ElasticIp(
        allocated.allocationId(),
        allocated.publicIp(),
        null,
        allocated.networkBorderGroup(),
        tags,
        PtrRecord.NONE);
  }

  @Override
  public void tag(String allocationId, Map<String, String> tags) {
    call("CreateTags", () -> ec2.createTags(r -> r.resources(allocationId).tags(tags(tags))));
  }

  @Override
  public void untag(String allocationId, Collection<String> keys) {
    List<Tag> tags = keys.stream().map(k -> Tag.builder().key(k).build()).toList();
    call("DeleteTags", () -> ec2.deleteTags(r -> r.resources(allocationId).tags(tags)));
  }

  @Override
  public void disassociate(String associationId) {
    removal(
        "DisassociateAddress", () -> ec2.disassociateAddress(r -> r.associationId(associationId)));
  }

  @Override
  public void release(String allocationId, String networkBorderGroup) {
    removal(
        "ReleaseAddress",
        () ->
            ec2.releaseAddress(
                r -> r.allocationId(allocationId).networkBorderGroup(networkBorderGroup)));
  }

  @Override
  public PtrRecord setReverseDns(String allocationId, String name) {
    AddressAttribute changed =
        call(
                "ModifyAddressAttribute",
                () ->
                    ec2.modifyAddressAttribute(r -> r.allocationId(allocationId).domainName(name)))
            .address();
    PtrRecord answered = changed == null ? null : ptrRecord(changed);
    // AWS answers with the update under way; an answer without one still means it was accepted.
    return answered != null && answered.isSet()
        ? answered
        : new PtrRecord(null, name, "PENDING", null);
  }

  @Override
  public void resetReverseDns(String allocationId) {
    call(
        "ResetAddressAttribute",
        () ->
            ec2.resetAddressAttribute(
                r -> r.allocationId(allocationId).attribute(AddressAttributeName.DOMAIN_NAME)));
  }

  private void removal(String operation, Runnable call) {
    try {
      call(
          operation,
          () -> {
            call.run();
            return null;
          });
    } catch (ElasticIpException e) {
      if (!(e.getCause() instanceof SdkException sdk && Ec2Failures.isGone(sdk))) {
        throw e;
      }
    }
  }

  private <T> T call(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      T result = call.get();
      recorder.call(operation, "success", Duration.ofNanos(System.nanoTime() - start));
      return result;
    } catch (SdkException e) {
      recorder.call(operation, Ec2Failures.outcome(e), Duration.ofNanos(System.nanoTime() - start));
      throw Ec2Failures.map(operation, region, e);
    }
  }

  private static ElasticIp elasticIp(Address address) {
    Map<String, String> tags = new HashMap<>();
    address.tags().forEach(t -> tags.put(t.key(), t.value()));
    return new ElasticIp(
        address.allocationId(),
        address.publicIp(),
        address.associationId(),
        address.networkBorderGroup(),
        tags,
        PtrRecord.NONE);
  }

  private static PtrRecord ptrRecord(AddressAttribute attribute) {
    var update = attribute.ptrRecordUpdate();
    return new PtrRecord(
        attribute.ptrRecord(),
        update == null ? null : update.value(),
        update == null ? null : update.status(),
        update == null ? null : update.reason());
  }

  private static List<Tag> tags(Map<String, String> tags) {
    List<Tag> list = new ArrayList<>();
    tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
    return list;
  }
}
