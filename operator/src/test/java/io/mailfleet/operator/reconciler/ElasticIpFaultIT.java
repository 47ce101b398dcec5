package io.mailfleet.operator.reconciler;

import static io.mailfleet.operator.reconciler.PoolTestSupport.awaitAllocated;
import static io.mailfleet.operator.reconciler.PoolTestSupport.awaitReady;
import static io.mailfleet.operator.reconciler.PoolTestSupport.create;
import static io.mailfleet.operator.reconciler.PoolTestSupport.filter;
import static io.mailfleet.operator.reconciler.PoolTestSupport.pool;
import static io.mailfleet.operator.reconciler.PoolTestSupport.resize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.AwsEmulator;
import io.mailfleet.e2e.LocalAws;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.model.OwnershipTags;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A fault storm between the operator and AWS: half the calls throttled, failed with 500 or 503,
 * dropped before or after the emulator did them, or answered past the attempt timeout. The pool
 * converges to exactly its size, counted by tag in the emulator, through a shrink and a grow.
 */
@LocalCluster
@LocalAws
class ElasticIpFaultIT {

  private static final Duration WITHIN = Duration.ofSeconds(120);

  /**
   * Before each test, not once: the CRDs are cluster-wide, and another checkout's tests on the same
   * cluster may have applied an older status schema in between.
   */
  @BeforeEach
  void crds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @Test
  void aPoolConvergesToExactlyItsSizeThroughAFaultStorm(KubernetesClient client, AwsEmulator aws)
      throws Exception {
    String clusterId = "it-fault-" + UUID.randomUUID().toString().substring(0, 8);
    try (Ec2Client ec2 = aws.ec2();
        FaultyAwsProxy proxy =
            new FaultyAwsProxy(aws.endpoint(), 13)
                .faulting(0.5, Set.of())
                .slowBy(Duration.ofSeconds(3));
        InProcessOperator operator =
            InProcessOperator.startWithAws(
                client, aws, clusterId, proxy.endpoint(), Duration.ofSeconds(2))) {
      try {
        create(client, pool("stormy", 4, ReleasePolicy.RELEASE));
        awaitReady(client, "stormy");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(count(ec2, clusterId)).isEqualTo(4));

        resize(client, "stormy", 2);
        awaitAllocated(client, "stormy", 2);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(count(ec2, clusterId)).isEqualTo(2));

        resize(client, "stormy", 4);
        awaitAllocated(client, "stormy", 4);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(count(ec2, clusterId)).isEqualTo(4));

        double calls = sum(operator, "mailfleet_operator_aws_calls");
        double attempts = sum(operator, "mailfleet_operator_aws_call_attempts");
        System.out.printf(
            "fault storm: %d calls through the proxy, %d faulted (%s), operator calls %.0f,"
                + " attempts %.0f (retries %.0f), final count by tag %d (pool of %d)%n",
            proxy.calls(),
            proxy.faulted(),
            faults(proxy),
            calls,
            attempts,
            attempts - calls,
            count(ec2, clusterId),
            4);
        assertThat(List.of(FaultyAwsProxy.Fault.values()))
            .as("every kind of fault happened")
            .allSatisfy(f -> assertThat(proxy.count(f)).as(f.name()).isPositive());
      } finally {
        proxy.faulting(0, Set.of());
      }
    } finally {
      try (Ec2Client ec2 = aws.ec2()) {
        ec2.describeAddresses(
                r -> r.filters(filter("tag:" + OwnershipTags.CLUSTER_ID, List.of(clusterId))))
            .addresses()
            .forEach(a -> ec2.releaseAddress(r -> r.allocationId(a.allocationId())));
      }
    }
  }

  private static int count(Ec2Client ec2, String clusterId) {
    return ec2.describeAddresses(
            r -> r.filters(filter("tag:" + OwnershipTags.CLUSTER_ID, List.of(clusterId))))
        .addresses()
        .size();
  }

  private static double sum(InProcessOperator operator, String name) {
    return operator.registry().scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals(name))
        .flatMap(m -> m.getDataPoints().stream())
        .mapToDouble(p -> ((CounterDataPointSnapshot) p).getValue())
        .sum();
  }

  private static String faults(FaultyAwsProxy proxy) {
    StringBuilder text = new StringBuilder();
    for (FaultyAwsProxy.Fault fault : FaultyAwsProxy.Fault.values()) {
      if (fault != FaultyAwsProxy.Fault.NONE) {
        text.append(text.length() == 0 ? "" : ", ")
            .append(fault)
            .append(' ')
            .append(proxy.count(fault));
      }
    }
    return text.toString();
  }
}
