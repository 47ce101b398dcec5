package io.mailfleet.operator.reconciler;

import io.mailfleet.operator.aws.ElasticIpRegions;
import io.mailfleet.operator.aws.ElasticIps;
import io.mailfleet.operator.model.ElasticIp;
import io.mailfleet.operator.model.PtrRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elastic IPs kept in memory, as AWS would hold them once every PTR update is applied, recording
 * every call by name: the reconciler's unit tests count its writes.
 */
final class InMemoryElasticIps implements ElasticIps, ElasticIpRegions {

  private final Map<String, ElasticIp> addresses = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private int next;

  @Override
  public ElasticIps in(String region) {
    return this;
  }

  /** Every call made, by EC2 operation name, in order. */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** The calls that change something in AWS. */
  List<String> writes() {
    return calls.stream().filter(c -> !c.startsWith("Describe")).toList();
  }

  void forgetCalls() {
    calls.clear();
  }

  Collection<ElasticIp> addresses() {
    return List.copyOf(addresses.values());
  }

  @Override
  public List<ElasticIp> findTagged(Map<String, String> tags) {
    calls.add("DescribeAddresses");
    return addresses.values().stream()
        .filter(
            a ->
                tags.entrySet().stream()
                    .allMatch(t -> t.getValue().equals(a.tags().get(t.getKey()))))
        .toList();
  }

  @Override
  public List<ElasticIp> findById(Collection<String> allocationIds) {
    calls.add("DescribeAddresses");
    return addresses.values().stream()
        .filter(a -> allocationIds.contains(a.allocationId()))
        .toList();
  }

  @Override
  public Map<String, PtrRecord> reverseDns(Collection<String> allocationIds) {
    calls.add("DescribeAddressesAttribute");
    Map<String, PtrRecord> ptrs = new HashMap<>();
    allocationIds.forEach(id -> ptrs.put(id, addresses.get(id).ptr()));
    return ptrs;
  }

  @Override
  public ElasticIp allocate(
      Map<String, String> tags, String networkBorderGroup, String publicIpv4Pool) {
    calls.add("AllocateAddress");
    next++;
    ElasticIp made =
        new ElasticIp(
            String.format("eipalloc-%017x", next),
            "198.51.100." + next,
            null,
            "us-east-1",
            tags,
            null);
    addresses.put(made.allocationId(), made);
    return made;
  }

  @Override
  public void tag(String allocationId, Map<String, String> tags) {
    calls.add("CreateTags");
    addresses.computeIfPresent(allocationId, (k, a) -> a.withTags(tags));
  }

  @Override
  public void untag(String allocationId, Collection<String> keys) {
    calls.add("DeleteTags");
    Map<String, String> removed = new HashMap<>();
    keys.forEach(k -> removed.put(k, null));
    addresses.computeIfPresent(allocationId, (k, a) -> a.withTags(removed));
  }

  @Override
  public void disassociate(String associationId) {
    calls.add("DisassociateAddress");
    addresses.replaceAll((k, a) -> associationId.equals(a.associationId()) ? a.disassociated() : a);
  }

  @Override
  public void release(String allocationId, String networkBorderGroup) {
    calls.add("ReleaseAddress");
    if (addresses.get(allocationId) != null && addresses.get(allocationId).associated()) {
      throw new IllegalStateException("AWS refuses to release an associated address");
    }
    addresses.remove(allocationId);
  }

  @Override
  public PtrRecord setReverseDns(String allocationId, String name) {
    calls.add("ModifyAddressAttribute");
    // Applied at once: the next look sees the record.
    addresses.computeIfPresent(
        allocationId, (k, a) -> a.withPtr(new PtrRecord(name + ".", null, null, null)));
    return new PtrRecord(null, name, "PENDING", null);
  }

  @Override
  public void resetReverseDns(String allocationId) {
    calls.add("ResetAddressAttribute");
    addresses.computeIfPresent(allocationId, (k, a) -> a.withPtr(PtrRecord.NONE));
  }

  @Override
  public void close() {}
}
