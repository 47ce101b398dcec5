package io.mailfleet.operator.reconciler;

import static io.mailfleet.operator.reconciler.PoolTestSupport.condition;
import static io.mailfleet.operator.reconciler.PoolTestSupport.create;
import static io.mailfleet.operator.reconciler.PoolTestSupport.filter;
import static io.mailfleet.operator.reconciler.PoolTestSupport.pool;
import static io.mailfleet.operator.reconciler.PoolTestSupport.releaseRetained;
import static io.mailfleet.operator.reconciler.PoolTestSupport.resize;
import static io.mailfleet.operator.reconciler.PoolTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.AwsEmulator;
import io.mailfleet.e2e.LocalAws;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.AddressStatus;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.PtrState;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.api.v1alpha1.ReverseDnsSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.model.OwnershipTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AddressAttribute;
import software.amazon.awssdk.services.ec2.model.AddressAttributeName;

/**
 * Reverse DNS of a pool's addresses, end to end: ModifyAddressAttribute, the PTR and its state in
 * the status, ResetAddressAttribute when an address leaves. Needs the emulator with the project's
 * extension (e2e/cluster/moto), which implements those calls as AWS does, with a PENDING phase and
 * a refusal for names under {@code .invalid}.
 */
@LocalCluster
@LocalAws
class ReverseDnsIT {

  private static final Duration WITHIN = Duration.ofSeconds(60);

  private String clusterId;

  /** Addresses a Retain pool of the test keeps, untagged, after the pool is gone. */
  private final List<String> retained = new ArrayList<>();

  private AwsEmulator aws;

  @BeforeEach
  void setUp(KubernetesClient client, AwsEmulator emulator) {
    InstalledCrds.apply(client);
    clusterId = "it-ptr-" + UUID.randomUUID().toString().substring(0, 8);
    aws = emulator;
  }

  @AfterEach
  void releaseWhatTheTestMade() {
    try (Ec2Client ec2 = aws.ec2()) {
      ec2.describeAddresses(
              r -> r.filters(filter("tag:" + OwnershipTags.CLUSTER_ID, List.of(clusterId))))
          .addresses()
          .forEach(a -> ec2.releaseAddress(r -> r.allocationId(a.allocationId())));
      releaseRetained(ec2, retained);
    }
  }

  @Test
  void eachAddressGetsItsPtrNameAndLosesItWhenItLeaves(KubernetesClient client) {
    String domain = clusterId + ".mail.example.com";
    try (Ec2Client ec2 = aws.ec2();
        InProcessOperator operator = InProcessOperator.startWithAws(client, aws, clusterId, null)) {
      SendingIpPool named = pool("named", 2, ReleasePolicy.RETAIN);
      named.getSpec().setReverseDns(new ReverseDnsSpec().setTemplate("o{index}." + domain));
      create(client, named);

      await()
          .atMost(WITHIN)
          .untilAsserted(
              () ->
                  assertThat(status(client, "named").getStatus().getAddresses())
                      .extracting(AddressStatus::getPtr, AddressStatus::getPtrState)
                      .containsExactly(
                          org.assertj.core.groups.Tuple.tuple("o0." + domain, PtrState.APPLIED),
                          org.assertj.core.groups.Tuple.tuple("o1." + domain, PtrState.APPLIED)));
      status(client, "named")
          .getStatus()
          .getAddresses()
          .forEach(a -> retained.add(a.getAllocationId()));
      String leaving = status(client, "named").getStatus().getAddresses().get(1).getAllocationId();
      assertThat(ptr(ec2, leaving)).isEqualTo("o1." + domain + ".");

      resize(client, "named", 1);

      try {
        await().atMost(WITHIN).untilAsserted(() -> assertThat(ptr(ec2, leaving)).isNull());
      } finally {
        ec2.releaseAddress(r -> r.allocationId(leaving));
      }
    }
  }

  @Test
  void aNameAwsRefusesShowsItsReasonAndDegradesThePool(KubernetesClient client) {
    try (InProcessOperator operator =
        InProcessOperator.startWithAws(client, aws, clusterId, null)) {
      SendingIpPool unresolvable = pool("unresolvable", 1, ReleasePolicy.RELEASE);
      unresolvable
          .getSpec()
          .setReverseDns(new ReverseDnsSpec().setTemplate("o{index}.mail.invalid"));
      create(client, unresolvable);

      await()
          .atMost(WITHIN)
          .untilAsserted(
              () -> {
                SendingIpPool seen = status(client, "unresolvable");
                AddressStatus address = seen.getStatus().getAddresses().get(0);
                assertThat(address.getPtrState()).isEqualTo(PtrState.FAILED);
                assertThat(address.getMessage()).contains("does not resolve");
                Condition degraded = condition(seen, "Degraded").orElseThrow();
                assertThat(degraded.getStatus()).isEqualTo(ConditionStatus.TRUE);
                assertThat(degraded.getReason()).isEqualTo("ReverseDnsFailed");
              });
    }
  }

  private static String ptr(Ec2Client ec2, String allocationId) {
    List<AddressAttribute> attributes =
        ec2.describeAddressesAttribute(
                r -> r.allocationIds(allocationId).attribute(AddressAttributeName.DOMAIN_NAME))
            .addresses();
    return attributes.isEmpty() ? null : attributes.get(0).ptrRecord();
  }
}
