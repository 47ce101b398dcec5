package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's simulated nodes (cluster.sh up --kwok-nodes N) run pods that tolerate them. */
@LocalCluster
class KwokNodesIT {

  @Test
  void deploymentOnSimulatedNodesReachesAllReplicasRunning(KubernetesClient client) {
    assertThat(client.nodes().withLabel("type", "kwok").list().getItems())
        .as("kwok nodes (start the cluster with `e2e/cluster/cluster.sh up --kwok-nodes 3`)")
        .hasSizeGreaterThanOrEqualTo(3);

    client.apps().deployments().resource(deployment("simulated", 3)).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<Pod> pods = client.pods().withLabel("app", "simulated").list().getItems();
              assertThat(pods)
                  .hasSize(3)
                  .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Running"));
            });
  }

  private static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .withNodeSelector(Map.of("type", "kwok"))
        .addNewToleration()
        .withKey("kwok.x-k8s.io/node")
        .withOperator("Exists")
        .withEffect("NoSchedule")
        .endToleration()
        .addNewContainer()
        .withName("app")
        .withImage("mailfleet.local/simulated:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
