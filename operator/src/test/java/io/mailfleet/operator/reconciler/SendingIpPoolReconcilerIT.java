package io.mailfleet.operator.reconciler;

import static io.mailfleet.operator.reconciler.PoolTestSupport.WITHIN;
import static io.mailfleet.operator.reconciler.PoolTestSupport.awaitAllocated;
import static io.mailfleet.operator.reconciler.PoolTestSupport.awaitReady;
import static io.mailfleet.operator.reconciler.PoolTestSupport.condition;
import static io.mailfleet.operator.reconciler.PoolTestSupport.create;
import static io.mailfleet.operator.reconciler.PoolTestSupport.filter;
import static io.mailfleet.operator.reconciler.PoolTestSupport.pool;
import static io.mailfleet.operator.reconciler.PoolTestSupport.releaseRetained;
import static io.mailfleet.operator.reconciler.PoolTestSupport.resize;
import static io.mailfleet.operator.reconciler.PoolTestSupport.status;
import static io.mailfleet.operator.reconciler.PoolTestSupport.tag;
import static io.mailfleet.operator.reconciler.PoolTestSupport.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.AwsEmulator;
import io.mailfleet.e2e.LocalAws;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.AddressState;
import io.mailfleet.operator.api.v1alpha1.AddressStatus;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.model.OwnershipTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The SendingIpPool reconciler, in process, against the local API server and the AWS emulator. Each
 * test is its own installation (a fresh cluster id), so counting addresses by tag is exact, and it
 * releases every address it made.
 */
@LocalCluster
@LocalAws
class SendingIpPoolReconcilerIT {

  private String clusterId;

  /** Addresses a Retain pool of the test keeps, untagged, after the pool is gone. */
  private final List<String> retained = new ArrayList<>();

  private Ec2Client ec2;
  private AwsEmulator aws;

  /**
   * Before each test, not once: the CRDs are cluster-wide, and another checkout's tests on the same
   * cluster may have applied an older status schema in between.
   */
  @BeforeEach
  void crds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @BeforeEach
  void newInstallation(AwsEmulator emulator) {
    clusterId = "it-eip-" + UUID.randomUUID().toString().substring(0, 8);
    aws = emulator;
    ec2 = emulator.ec2();
  }

  /** Whatever a test left in the emulator under its cluster id goes, so no run leaks addresses. */
  @AfterEach
  void releaseWhatTheTestMade() {
    tagged(Map.of(OwnershipTags.CLUSTER_ID, clusterId))
        .forEach(a -> ec2.releaseAddress(r -> r.allocationId(a.allocationId())));
    releaseRetained(ec2, retained);
    ec2.close();
  }

  @Test
  void aPoolAllocatesItsAddressesWithTheirTagsOnTheCall(KubernetesClient client) {
    try (InProcessOperator operator = start(client)) {
      SendingIpPool pool = create(client, pool("tagged", 2, ReleasePolicy.RELEASE));

      SendingIpPool ready = awaitReady(client, "tagged");

      List<Address> addresses = owned(pool);
      assertThat(addresses).hasSize(2);
      assertThat(addresses)
          .extracting(a -> tags(a).get(OwnershipTags.INDEX))
          .containsExactlyInAnyOrder("0", "1");
      assertThat(tags(addresses.get(0)))
          .containsEntry(OwnershipTags.NAMESPACE, client.getNamespace())
          .containsEntry(OwnershipTags.NAME, "tagged")
          .containsEntry(OwnershipTags.RELEASE_POLICY, "Release")
          .containsEntry("team", "mail");
      assertThat(ready.getStatus().getAllocated()).isEqualTo(2);
      assertThat(ready.getStatus().getAddresses())
          .extracting(AddressStatus::getAllocationId)
          .containsExactlyInAnyOrderElementsOf(
              addresses.stream().map(Address::allocationId).toList());
      assertThat(ready.getStatus().getAddresses())
          .allSatisfy(a -> assertThat(a.getPublicIp()).isNotBlank())
          .extracting(AddressStatus::getState)
          .containsOnly(AddressState.ALLOCATED);
      assertThat(ready.getMetadata().getFinalizers()).isNotEmpty();
    }
  }

  @Test
  void growingAllocatesAndShrinkingReleasesUnderRelease(KubernetesClient client) {
    try (InProcessOperator operator = start(client)) {
      SendingIpPool pool = create(client, pool("elastic", 1, ReleasePolicy.RELEASE));
      awaitReady(client, "elastic");

      resize(client, "elastic", 3);
      await().atMost(WITHIN).untilAsserted(() -> assertThat(owned(pool)).hasSize(3));
      awaitAllocated(client, "elastic", 3);
      List<String> before = owned(pool).stream().map(Address::allocationId).toList();

      resize(client, "elastic", 1);
      await().atMost(WITHIN).untilAsserted(() -> assertThat(owned(pool)).hasSize(1));
      awaitAllocated(client, "elastic", 1);
      assertThat(tags(owned(pool).get(0))).containsEntry(OwnershipTags.INDEX, "0");
      // Released, not just untagged: the emulator no longer knows them.
      assertThat(ec2.describeAddresses(r -> r.filters(filter("allocation-id", before))).addresses())
          .hasSize(1);
    }
  }

  @Test
  void shrinkingUnderRetainKeepsTheAddressWithoutThePoolsTags(KubernetesClient client) {
    try (InProcessOperator operator = start(client)) {
      SendingIpPool pool = create(client, pool("keeper", 2, ReleasePolicy.RETAIN));
      awaitReady(client, "keeper");
      owned(pool).forEach(a -> retained.add(a.allocationId()));
      String leaving =
          owned(pool).stream()
              .filter(a -> "1".equals(tags(a).get(OwnershipTags.INDEX)))
              .findFirst()
              .orElseThrow()
              .allocationId();

      resize(client, "keeper", 1);
      await().atMost(WITHIN).untilAsserted(() -> assertThat(owned(pool)).hasSize(1));
      try {
        Address kept = ec2.describeAddresses(r -> r.allocationIds(leaving)).addresses().get(0);
        assertThat(tags(kept)).doesNotContainKeys(OwnershipTags.ALL.toArray(String[]::new));
        assertThat(tags(kept)).containsEntry("team", "mail");
        await()
            .atMost(WITHIN)
            .untilAsserted(
                () ->
                    assertThat(status(client, "keeper").getStatus().getAddresses())
                        .anySatisfy(
                            a -> {
                              assertThat(a.getAllocationId()).isEqualTo(leaving);
                              assertThat(a.getState()).isEqualTo(AddressState.RETAINED);
                            }));
      } finally {
        ec2.releaseAddress(r -> r.allocationId(leaving));
      }
    }
  }

  @Test
  void anAdoptedAddressIsTaggedAndOutlivesItsPool(KubernetesClient client) {
    String existing =
        ec2.allocateAddress(
                r ->
                    r.domain(DomainType.VPC)
                        .tagSpecifications(
                            t ->
                                t.resourceType(ResourceType.ELASTIC_IP)
                                    .tags(tag(OwnershipTags.CLUSTER_ID + "-test", clusterId))))
            .allocationId();
    try {
      try (InProcessOperator operator = start(client)) {
        SendingIpPool adopting = pool("adopter", 1, ReleasePolicy.RELEASE);
        adopting.getSpec().setSize(null).setAddresses(List.of(existing));
        create(client, adopting);

        SendingIpPool ready = awaitReady(client, "adopter");

        assertThat(ready.getStatus().getAddresses().get(0).getAllocationId()).isEqualTo(existing);
        assertThat(tags(describe(existing)))
            .containsEntry(OwnershipTags.ADOPTED, "true")
            .containsEntry(OwnershipTags.CLUSTER_ID, clusterId);
      }
      // The operator's close deleted the pool (releasePolicy Release): the adopted address stays.
      assertThat(tags(describe(existing))).doesNotContainKey(OwnershipTags.OWNER_UID);
    } finally {
      ec2.releaseAddress(r -> r.allocationId(existing));
    }
  }

  @Test
  void adoptingAnUnknownAllocationIdNamesIt(KubernetesClient client) {
    try (InProcessOperator operator = start(client)) {
      SendingIpPool adopting = pool("stranger", 1, ReleasePolicy.RETAIN);
      adopting.getSpec().setSize(null).setAddresses(List.of("eipalloc-0123456789abcdef0"));
      create(client, adopting);

      await()
          .atMost(WITHIN)
          .untilAsserted(
              () -> {
                Condition ready = condition(status(client, "stranger"), "Ready").orElseThrow();
                assertThat(ready.getStatus()).isEqualTo(ConditionStatus.FALSE);
                assertThat(ready.getReason()).isEqualTo("AllocationNotFound");
                assertThat(ready.getMessage()).contains("eipalloc-0123456789abcdef0");
              });
    }
  }

  @Test
  void deletingThePoolReleasesItsAddressesBeforeTheFinalizerGoes(KubernetesClient client) {
    try (InProcessOperator operator = start(client)) {
      SendingIpPool pool = create(client, pool("doomed", 2, ReleasePolicy.RELEASE));
      awaitReady(client, "doomed");
      assertThat(owned(pool)).hasSize(2);

      client.resource(pool).delete();

      await()
          .atMost(WITHIN)
          .untilAsserted(
              () ->
                  assertThat(client.resources(SendingIpPool.class).withName("doomed").get())
                      .isNull());
      assertThat(owned(pool)).isEmpty();
    }
  }

  @Test
  void anAddressAllocatedBeforeACrashIsAdoptedNotAllocatedAgain(KubernetesClient client) {
    // The operator allocated index 0 (twice: a retried call whose first answer was lost) and
    // died before it wrote the status.
    SendingIpPool pool = create(client, pool("survivor", 2, ReleasePolicy.RELEASE));
    Map<String, String> index0 = poolTags(pool, 0);
    String first = allocateTagged(index0);
    String second = allocateTagged(index0);

    try (InProcessOperator operator = start(client)) {
      SendingIpPool ready = awaitReady(client, "survivor");

      assertThat(owned(pool)).hasSize(2);
      String kept = first.compareTo(second) < 0 ? first : second;
      assertThat(ready.getStatus().getAddresses())
          .filteredOn(a -> a.getIndex() == 0)
          .extracting(AddressStatus::getAllocationId)
          .containsExactly(kept);
    }
  }

  /**
   * Two replicas reconciling the same pool at once (a Lease lost mid-reconciliation): both may
   * allocate every index, and both keep the same address of each (the lowest allocation ID).
   */
  @Test
  void twoOperatorsRacingStillHoldExactlyTheSize(KubernetesClient client) {
    try (InProcessOperator first = start(client);
        InProcessOperator second = start(client)) {
      SendingIpPool pool = create(client, pool("contested", 3, ReleasePolicy.RELEASE));

      awaitReady(client, "contested");
      await().atMost(WITHIN).untilAsserted(() -> assertThat(owned(pool)).hasSize(3));
      assertThat(owned(pool))
          .extracting(a -> tags(a).get(OwnershipTags.INDEX))
          .containsExactlyInAnyOrder("0", "1", "2");
    }
  }

  @Test
  void theSweepReleasesOrUntagsAddressesWhosePoolIsGone(KubernetesClient client) {
    Map<String, String> gone = new HashMap<>();
    gone.put(OwnershipTags.CLUSTER_ID, clusterId);
    gone.put(OwnershipTags.OWNER_UID, UUID.randomUUID().toString());
    gone.put(OwnershipTags.NAMESPACE, client.getNamespace());
    gone.put(OwnershipTags.NAME, "deleted-while-down");
    gone.put(OwnershipTags.INDEX, "0");
    gone.put(OwnershipTags.RELEASE_POLICY, "Release");
    String released = allocateTagged(gone);
    gone.put(OwnershipTags.RELEASE_POLICY, "Retain");
    String retained = allocateTagged(gone);
    try {
      try (InProcessOperator operator = start(client)) {
        await()
            .atMost(WITHIN)
            .untilAsserted(
                () -> assertThat(tagged(Map.of(OwnershipTags.CLUSTER_ID, clusterId))).isEmpty());
        assertThat(
                ec2.describeAddresses(r -> r.filters(filter("allocation-id", List.of(released))))
                    .addresses())
            .isEmpty();
        assertThat(tags(describe(retained))).doesNotContainKey(OwnershipTags.CLUSTER_ID);
        assertThat(
                operator.registry().scrape().stream()
                    .filter(
                        m ->
                            m.getMetadata()
                                .getPrometheusName()
                                .equals("mailfleet_operator_orphan_addresses_found"))
                    .flatMap(m -> m.getDataPoints().stream())
                    .mapToDouble(
                        p ->
                            ((io.prometheus.metrics.model.snapshots.CounterSnapshot
                                        .CounterDataPointSnapshot)
                                    p)
                                .getValue())
                    .sum())
            .isEqualTo(2.0);
      }
    } finally {
      ec2.releaseAddress(r -> r.allocationId(retained));
    }
  }

  @Test
  void aUsedUpQuotaShowsInTheStatusAndAllocatesNoMore(KubernetesClient client) throws Exception {
    try (FaultyAwsProxy proxy = new FaultyAwsProxy(aws.endpoint(), 1).withAllocationQuota(1);
        InProcessOperator operator =
            InProcessOperator.startWithAws(client, aws, clusterId, proxy.endpoint())) {
      SendingIpPool pool = create(client, pool("greedy", 3, ReleasePolicy.RELEASE));

      await()
          .atMost(WITHIN)
          .untilAsserted(
              () -> {
                SendingIpPool seen = status(client, "greedy");
                Condition ready = condition(seen, "Ready").orElseThrow();
                assertThat(ready.getReason()).isEqualTo("AddressLimitExceeded");
                assertThat(ready.getMessage()).contains("Service Quotas", "spec.size");
                assertThat(seen.getStatus().getAllocated()).isEqualTo(1);
              });
      assertThat(owned(pool)).hasSize(1);
      assertThat(
              client.v1().events().inNamespace(client.getNamespace()).list().getItems().stream()
                  .filter(e -> "AddressLimitExceeded".equals(e.getReason()))
                  .filter(e -> "greedy".equals(e.getInvolvedObject().getName())))
          .as("one Warning for the failure, not one per retry")
          .hasSize(1);
    }
  }

  // --- helpers

  InProcessOperator start(KubernetesClient client) {
    return InProcessOperator.startWithAws(client, aws, clusterId, null);
  }

  Map<String, String> poolTags(SendingIpPool pool, int index) {
    Map<String, String> tags = new HashMap<>();
    tags.put(OwnershipTags.CLUSTER_ID, clusterId);
    tags.put(OwnershipTags.OWNER_UID, pool.getMetadata().getUid());
    tags.put(OwnershipTags.NAMESPACE, pool.getMetadata().getNamespace());
    tags.put(OwnershipTags.NAME, pool.getMetadata().getName());
    tags.put(OwnershipTags.INDEX, Integer.toString(index));
    tags.put(OwnershipTags.RELEASE_POLICY, "Release");
    return tags;
  }

  String allocateTagged(Map<String, String> tags) {
    List<Tag> list = tags.entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toList();
    return ec2.allocateAddress(
            r ->
                r.domain(DomainType.VPC)
                    .tagSpecifications(t -> t.resourceType(ResourceType.ELASTIC_IP).tags(list)))
        .allocationId();
  }

  List<Address> owned(SendingIpPool pool) {
    return tagged(
        Map.of(
            OwnershipTags.CLUSTER_ID,
            clusterId,
            OwnershipTags.OWNER_UID,
            pool.getMetadata().getUid()));
  }

  List<Address> tagged(Map<String, String> tags) {
    List<Filter> filters =
        tags.entrySet().stream()
            .map(e -> filter("tag:" + e.getKey(), List.of(e.getValue())))
            .toList();
    return ec2.describeAddresses(r -> r.filters(filters)).addresses();
  }

  Address describe(String allocationId) {
    return ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses().get(0);
  }
}
