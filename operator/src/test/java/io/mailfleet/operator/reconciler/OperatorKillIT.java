package io.mailfleet.operator.reconciler;

import static io.mailfleet.operator.reconciler.PoolTestSupport.awaitReady;
import static io.mailfleet.operator.reconciler.PoolTestSupport.create;
import static io.mailfleet.operator.reconciler.PoolTestSupport.filter;
import static io.mailfleet.operator.reconciler.PoolTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.AwsEmulator;
import io.mailfleet.e2e.LocalAws;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.OperatorProcess;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.model.OwnershipTags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The operator process killed with SIGKILL while it allocates a pool's addresses, right after each
 * new address appears in AWS (before its status can say so), and started again: the pool ends with
 * exactly its size, counted by tag.
 */
@LocalCluster
@LocalAws
class OperatorKillIT {

  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final int SIZE = 4;

  @Test
  void killedWhileAllocatingTheOperatorNeverDuplicatesAnAddress(
      KubernetesClient client, AwsEmulator aws) throws Exception {
    InstalledCrds.apply(client);
    String clusterId = "it-kill-" + UUID.randomUUID().toString().substring(0, 8);
    Path log = Files.createTempFile("operator", ".log");
    try (Ec2Client ec2 = aws.ec2()) {
      try {
        create(client, pool("killed", SIZE, ReleasePolicy.RELEASE));
        for (int kills = 1; kills < SIZE; kills++) {
          int seen = kills;
          Process operator = start(client, aws, clusterId, log);
          try {
            await()
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> count(ec2, clusterId) >= seen);
          } finally {
            operator.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
          }
        }
        Process last = start(client, aws, clusterId, log);
        try {
          SendingIpPool ready = awaitReady(client, "killed");
          await().atMost(WITHIN).until(() -> count(ec2, clusterId) == SIZE);
          System.out.printf(
              "killed 3 times while allocating: %d addresses by tag, status %d allocated%n",
              count(ec2, clusterId), ready.getStatus().getAllocated());
          assertThat(ready.getStatus().getAllocated()).isEqualTo(SIZE);

          client.resources(SendingIpPool.class).withName("killed").delete();
          await()
              .atMost(WITHIN)
              .until(() -> client.resources(SendingIpPool.class).withName("killed").get() == null);
          assertThat(count(ec2, clusterId)).isZero();
        } finally {
          last.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
      } finally {
        ec2.describeAddresses(
                r -> r.filters(filter("tag:" + OwnershipTags.CLUSTER_ID, List.of(clusterId))))
            .addresses()
            .forEach(a -> ec2.releaseAddress(r -> r.allocationId(a.allocationId())));
        // A failed run must not leave a finalizer that holds the namespace's deletion.
        if (client.resources(SendingIpPool.class).withName("killed").get() != null) {
          client
              .resources(SendingIpPool.class)
              .withName("killed")
              .edit(
                  p -> {
                    p.getMetadata().setFinalizers(List.of());
                    return p;
                  });
        }
        Files.deleteIfExists(log);
      }
    }
  }

  /** The operator as the Deployment runs it, alone (no Lease to wait for after a kill). */
  private static Process start(KubernetesClient client, AwsEmulator aws, String clusterId, Path log)
      throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("MAILFLEET_CLUSTER_ID", clusterId);
    env.put("MAILFLEET_MTA_IMAGE", "mailfleet.local/mta:it");
    env.put("MAILFLEET_WATCH_NAMESPACES", client.getNamespace());
    env.put("MAILFLEET_HTTP_PORT", String.valueOf(OperatorProcess.freePort()));
    env.put("MAILFLEET_LEADER_ELECTION", "false");
    env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
    env.put("AWS_REGION", aws.region().id());
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    return OperatorProcess.start(env, log);
  }

  private static int count(Ec2Client ec2, String clusterId) {
    return ec2.describeAddresses(
            r -> r.filters(filter("tag:" + OwnershipTags.CLUSTER_ID, List.of(clusterId))))
        .addresses()
        .size();
  }
}
