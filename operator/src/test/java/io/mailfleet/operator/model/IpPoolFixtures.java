package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mailfleet.operator.api.v1alpha1.AwsAddressSettings;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.api.v1alpha1.ReverseDnsSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SendingIpPools and the addresses AWS would hold for them, for the pool model's tests. */
final class IpPoolFixtures {

  static final String CLUSTER = "eu-prod";
  static final String UID = "0b5e-pool-uid";

  private IpPoolFixtures() {}

  /** Pool mail-eu/outbound of {@code size} addresses named o{index}.mail.example.com. */
  static SendingIpPool pool(int size, ReleasePolicy policy) {
    SendingIpPool pool = new SendingIpPool();
    pool.setMetadata(
        new ObjectMetaBuilder()
            .withName("outbound")
            .withNamespace("mail-eu")
            .withUid(UID)
            .withGeneration(2L)
            .build());
    pool.setSpec(
        new SendingIpPoolSpec()
            .setSize(size)
            .setAws(new AwsAddressSettings().setTags(Map.of("team", "mail")))
            .setReverseDns(new ReverseDnsSpec().setTemplate("o{index}.mail.example.com"))
            .setReleasePolicy(policy));
    return pool;
  }

  /** A pool adopting {@code allocationIds}. */
  static SendingIpPool adopting(List<String> allocationIds) {
    SendingIpPool pool = pool(1, ReleasePolicy.RELEASE);
    pool.getSpec().setSize(null).setAddresses(allocationIds);
    return pool;
  }

  static IpPoolModel model(SendingIpPool pool) {
    return IpPoolModel.of(pool, CLUSTER, "eu-west-1");
  }

  /** The address {@code model} holds at {@code index}, converged: tagged and named. */
  static ElasticIp converged(IpPoolModel model, int index, String allocationId) {
    DesiredAddress wanted = model.addresses().get(index);
    return new ElasticIp(
        allocationId,
        "198.51.100." + (10 + index),
        null,
        "eu-west-1",
        model.tagsFor(wanted),
        new PtrRecord(wanted.ptrName() + ".", null, null, null));
  }

  /** An address allocated by this pool for {@code index}, under {@code policy}, without PTR. */
  static ElasticIp ours(int index, String allocationId, String policy) {
    Map<String, String> tags = new HashMap<>();
    tags.put(OwnershipTags.CLUSTER_ID, CLUSTER);
    tags.put(OwnershipTags.OWNER_UID, UID);
    tags.put(OwnershipTags.NAMESPACE, "mail-eu");
    tags.put(OwnershipTags.NAME, "outbound");
    tags.put(OwnershipTags.INDEX, Integer.toString(index));
    tags.put(OwnershipTags.RELEASE_POLICY, policy);
    tags.put("team", "mail");
    return new ElasticIp(allocationId, "203.0.113." + index, null, "eu-west-1", tags, null);
  }
}
