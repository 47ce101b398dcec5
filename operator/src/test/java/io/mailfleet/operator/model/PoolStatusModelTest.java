package io.mailfleet.operator.model;

import static io.mailfleet.operator.model.IpPoolFixtures.converged;
import static io.mailfleet.operator.model.IpPoolFixtures.model;
import static io.mailfleet.operator.model.IpPoolFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.operator.api.v1alpha1.AddressState;
import io.mailfleet.operator.api.v1alpha1.AddressStatus;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.PtrState;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A SendingIpPool's status from its addresses in AWS. */
class PoolStatusModelTest {

  private static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");

  @Test
  void everyAddressAllocatedAndNamedIsReady() {
    IpPoolModel model = model(pool(2, ReleasePolicy.RELEASE));
    Map<Integer, ElasticIp> holders =
        Map.of(0, converged(model, 0, "eipalloc-0a"), 1, converged(model, 1, "eipalloc-0b"));

    SendingIpPoolStatus status =
        PoolStatusModel.of(model, holders, List.of(), List.of(), null, 2, NOW);

    assertThat(status.getAllocated()).isEqualTo(2);
    assertThat(status.getObservedGeneration()).isEqualTo(2);
    assertThat(status.getAddresses())
        .extracting(
            AddressStatus::getIndex,
            AddressStatus::getState,
            AddressStatus::getPtr,
            AddressStatus::getPtrState)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                0, AddressState.ALLOCATED, "o0.mail.example.com", PtrState.APPLIED),
            org.assertj.core.groups.Tuple.tuple(
                1, AddressState.ALLOCATED, "o1.mail.example.com", PtrState.APPLIED));
    assertThat(condition(status, "Ready").getStatus()).isEqualTo(ConditionStatus.TRUE);
    assertThat(condition(status, "Degraded").getStatus()).isEqualTo(ConditionStatus.FALSE);
  }

  @Test
  void aQuotaFailureSaysSoAndWhatToDo() {
    IpPoolModel model = model(pool(2, ReleasePolicy.RELEASE));
    AddressFailure quota =
        new AddressFailure(
            1,
            PoolStatusModel.ADDRESS_LIMIT_EXCEEDED,
            "quota used up: request more or lower spec.size");

    SendingIpPoolStatus status =
        PoolStatusModel.of(
            model,
            Map.of(0, converged(model, 0, "eipalloc-0a")),
            List.of(quota),
            List.of(),
            null,
            2,
            NOW);

    assertThat(status.getAddresses().get(1).getState()).isEqualTo(AddressState.FAILED);
    assertThat(condition(status, "Ready").getStatus()).isEqualTo(ConditionStatus.FALSE);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("AddressLimitExceeded");
    assertThat(condition(status, "Ready").getMessage())
        .contains("1/2 addresses allocated", "spec.size");
    assertThat(condition(status, "Degraded").getStatus()).isEqualTo(ConditionStatus.TRUE);
  }

  @Test
  void aPtrThatAwsRefusedDegradesThePoolWithAwsReason() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RELEASE));
    ElasticIp refused =
        converged(model, 0, "eipalloc-0a")
            .withPtr(new PtrRecord(null, "o0.mail.example.com", "FAILED", "no matching A record"));

    SendingIpPoolStatus status =
        PoolStatusModel.of(model, Map.of(0, refused), List.of(), List.of(), null, 2, NOW);

    assertThat(status.getAddresses().get(0).getPtrState()).isEqualTo(PtrState.FAILED);
    assertThat(status.getAddresses().get(0).getMessage()).contains("no matching A record");
    assertThat(condition(status, "Degraded").getReason()).isEqualTo("ReverseDnsFailed");
  }

  @Test
  void addressesLetGoUnderRetainStayListedAsRetained() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RETAIN));
    AddressStatus retained =
        new AddressStatus()
            .setIndex(1)
            .setAllocationId("eipalloc-0b")
            .setState(AddressState.RETAINED);

    SendingIpPoolStatus first =
        PoolStatusModel.of(
            model,
            Map.of(0, converged(model, 0, "eipalloc-0a")),
            List.of(),
            List.of(retained),
            null,
            2,
            NOW);
    SendingIpPoolStatus next =
        PoolStatusModel.of(
            model,
            Map.of(0, converged(model, 0, "eipalloc-0a")),
            List.of(),
            List.of(),
            first,
            2,
            NOW);

    assertThat(next.getAddresses())
        .extracting(AddressStatus::getAllocationId, AddressStatus::getState)
        .contains(org.assertj.core.groups.Tuple.tuple("eipalloc-0b", AddressState.RETAINED));
    assertThat(next.getAllocated()).isEqualTo(1);
  }

  private static Condition condition(SendingIpPoolStatus status, String type) {
    return ConditionTransitions.find(status.getConditions(), type).orElseThrow();
  }
}
