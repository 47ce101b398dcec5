package io.mailfleet.operator.aws;

import io.mailfleet.operator.model.ElasticIp;
import io.mailfleet.operator.model.PtrRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Elastic IP calls the operator makes, in one region. Every method throws {@link
 * ElasticIpException} with a reason a person can act on; "already gone" answers to a removal count
 * as success, so each write can be repeated.
 */
public interface ElasticIps {

  /** The addresses carrying every tag of {@code tags} (DescribeAddresses with tag filters). */
  List<ElasticIp> findTagged(Map<String, String> tags);

  /** Those of {@code allocationIds} that exist; unknown ones are left out, not an error. */
  List<ElasticIp> findById(Collection<String> allocationIds);

  /** The reverse DNS of {@code allocationIds}, by allocation ID (DescribeAddressesAttribute). */
  Map<String, PtrRecord> reverseDns(Collection<String> allocationIds);

  /** AllocateAddress with {@code tags} on the call itself; null group or pool: AWS's defaults. */
  ElasticIp allocate(Map<String, String> tags, String networkBorderGroup, String publicIpv4Pool);

  /** CreateTags. */
  void tag(String allocationId, Map<String, String> tags);

  /** DeleteTags of {@code keys}, whatever their values. */
  void untag(String allocationId, Collection<String> keys);

  /** DisassociateAddress. */
  void disassociate(String associationId);

  /** ReleaseAddress; AWS refuses it while the address is associated. */
  void release(String allocationId, String networkBorderGroup);

  /** ModifyAddressAttribute DomainName: asks AWS to serve {@code name} as the PTR. */
  PtrRecord setReverseDns(String allocationId, String name);

  /** ResetAddressAttribute domain-name: removes the PTR name. */
  void resetReverseDns(String allocationId);
}
