package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.api.v1alpha1.ReverseDnsSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolStatus;
import io.mailfleet.operator.model.OwnershipTags;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The SendingIpPool reconciler driven with Elastic IPs in memory: which AWS calls it makes. */
class SendingIpPoolReconcilerTest {

  private final InMemoryElasticIps aws = new InMemoryElasticIps();
  private final SendingIpPoolReconciler reconciler =
      new SendingIpPoolReconciler(
          aws,
          "eu-prod",
          "us-east-1",
          ReadinessRecorder.NONE,
          AddressRecorder.NONE,
          Clock.fixed(Instant.parse("2026-12-07T20:00:00Z"), ZoneOffset.UTC));

  @Test
  void aConvergedPoolIsReconciledWithoutAnyAwsWrite() {
    SendingIpPool pool = pool(3);
    reconcileInto(pool);
    reconcileInto(pool);
    aws.forgetCalls();

    UpdateControl<SendingIpPool> control = reconcileInto(pool);

    assertThat(aws.writes()).isEmpty();
    assertThat(aws.calls()).containsExactly("DescribeAddresses", "DescribeAddressesAttribute");
    assertThat(control.isNoUpdate()).as("an unchanged status is not written again").isTrue();
  }

  @Test
  void aNewPoolIsAllocatedTaggedAndNamedInOneReconciliation() {
    SendingIpPool pool = pool(2);

    reconcileInto(pool);

    assertThat(aws.writes())
        .containsExactly(
            "AllocateAddress",
            "AllocateAddress",
            "ModifyAddressAttribute",
            "ModifyAddressAttribute");
    assertThat(aws.addresses())
        .allSatisfy(a -> assertThat(a.tags()).containsEntry(OwnershipTags.OWNER_UID, "uid-1"));
    assertThat(pool.getStatus().getAllocated()).isEqualTo(2);
  }

  @Test
  void shrinkingReleasesTheHighestIndexAfterResettingItsName() {
    SendingIpPool pool = pool(2);
    reconcileInto(pool);
    reconcileInto(pool);
    pool.getSpec().setSize(1);
    aws.forgetCalls();

    reconcileInto(pool);

    assertThat(aws.writes()).containsExactly("ResetAddressAttribute", "ReleaseAddress");
    assertThat(aws.addresses())
        .singleElement()
        .satisfies(a -> assertThat(a.tags()).containsEntry(OwnershipTags.INDEX, "0"));
  }

  /** Reconciles {@code pool} and gives it the status the reconciler wrote, as the API would. */
  private UpdateControl<SendingIpPool> reconcileInto(SendingIpPool pool) {
    UpdateControl<SendingIpPool> control =
        reconciler.reconcile(pool, new StubContext<SendingIpPool>("mail-eu").context());
    control.getResource().map(SendingIpPool::getStatus).ifPresent(pool::setStatus);
    return control;
  }

  private static SendingIpPool pool(int size) {
    SendingIpPool pool = new SendingIpPool();
    pool.setMetadata(
        new ObjectMetaBuilder()
            .withName("outbound")
            .withNamespace("mail-eu")
            .withUid("uid-1")
            .withGeneration(1L)
            .build());
    pool.setSpec(
        new SendingIpPoolSpec()
            .setSize(size)
            .setReleasePolicy(ReleasePolicy.RELEASE)
            .setReverseDns(new ReverseDnsSpec().setTemplate("o{index}.mail.example.com")));
    pool.setStatus(new SendingIpPoolStatus());
    return pool;
  }
}
