package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves that the local cluster runs real containers from locally built images: a kubelet node
 * (e2e/cluster/node.sh) with containerd, the CNI bridge and kube-proxy.
 */
@LocalCluster
class NodeE2E {

  /** The base image e2e/cluster/images.sh builds and imports; there is no registry to pull. */
  static final String BASE_IMAGE = "mailfleet.local/java-base:17";

  private static final Duration POD_TIMEOUT = Duration.ofMinutes(2);
  private static final int GREETER_PORT = 7070;

  @BeforeAll
  static void requireARealNodeAndTheDefaultServiceAccount(KubernetesClient client) {
    List<Node> nodes = client.nodes().list().getItems();
    if (nodes.stream().noneMatch(NodeE2E::isReadyContainerdNode)) {
      Assertions.fail(
          "No Ready node that runs containers in the cluster at "
              + client.getMasterUrl()
              + " (nodes: "
              + nodes.stream().map(n -> n.getMetadata().getName()).toList()
              + "). These tests need a kubelet with containerd: `make cluster-up` starts one"
              + " (e2e/cluster/node.sh); simulated kwok nodes do not run containers.");
    }
    // Pods are refused until the controller manager has made the namespace's service account.
    await("service account default in " + client.getNamespace())
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.serviceAccounts().withName("default").get() != null);
  }

  @Test
  void podFromLocalBaseImageRunsJavaVersionToCompletionAndLogsTheVersion(KubernetesClient client) {
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("java-version")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addToContainers(baseImageContainer("java").withCommand("java", "-version").build())
                .endSpec()
                .build())
        .create();

    Pod finished = awaitPodFinished(client, "java-version");

    assertThat(finished.getStatus().getPhase())
        .as("phase of pod java-version: %s", describe(client, finished))
        .isEqualTo("Succeeded");
    assertThat(client.pods().withName("java-version").getLog())
        .contains("openjdk version \"17.")
        .contains("64-Bit Server VM");
    Node node = client.nodes().withName(finished.getSpec().getNodeName()).get();
    assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion())
        .startsWith("containerd://");
  }

  @Test
  void deploymentBehindClusterIpServiceAnswersTcpFromAnotherPod(KubernetesClient client) {
    String clusterIp = startGreeters(client, "greeter", 2);

    Pod finished = askGreeter(client, "greeter", clusterIp);

    assertThat(finished.getStatus().getPhase())
        .as("phase of pod greeter-client: %s", describe(client, finished))
        .isEqualTo("Succeeded");
    assertThat(client.pods().withName("greeter-client").getLog().strip())
        .as("answer through ClusterIP %s:%d", clusterIp, GREETER_PORT)
        .isIn(greetingsOf(client, "greeter"));
  }

  @Test
  void podReachesServiceByItsNameThroughClusterDns(KubernetesClient client) {
    startGreeters(client, "named-greeter", 1);

    Pod finished = askGreeter(client, "named-greeter", "named-greeter");

    assertThat(finished.getStatus().getPhase())
        .as("phase of pod named-greeter-client: %s", describe(client, finished))
        .isEqualTo("Succeeded");
    assertThat(client.pods().withName("named-greeter-client").getLog().strip())
        .as("answer from service named-greeter, resolved by the pod")
        .isIn(greetingsOf(client, "named-greeter"));
  }

  /** Starts a Deployment of greeters behind a ClusterIP Service; returns the Service IP. */
  private static String startGreeters(KubernetesClient client, String name, int replicas) {
    client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name + "-program")
                .endMetadata()
                .withBinaryData(Map.of("TcpGreeter.class", greeterClassFile()))
                .build())
        .create();
    client.apps().deployments().resource(greeterDeployment(name, replicas)).create();
    Service service = client.services().resource(greeterService(name)).create();
    await(replicas + " ready pods behind service " + name)
        .atMost(POD_TIMEOUT)
        .until(() -> readyEndpoints(client, name).size() == replicas);
    return service.getSpec().getClusterIP();
  }

  /**
   * Runs pod {@code <name>-client}, which asks the greeter at {@code host}; waits until it ends.
   */
  private static Pod askGreeter(KubernetesClient client, String name, String host) {
    client.pods().resource(greeterClient(name + "-client", name + "-program", host)).create();
    return awaitPodFinished(client, name + "-client");
  }

  /** The lines the greeter pods of {@code name} answer with. */
  private static Set<String> greetingsOf(KubernetesClient client, String name) {
    return client.pods().withLabels(Map.of("app", name)).list().getItems().stream()
        .map(p -> "hello from " + p.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private static boolean isReadyContainerdNode(Node node) {
    String runtime =
        node.getStatus() == null || node.getStatus().getNodeInfo() == null
            ? ""
            : Objects.toString(node.getStatus().getNodeInfo().getContainerRuntimeVersion(), "");
    List<NodeCondition> conditions =
        node.getStatus() == null ? List.of() : node.getStatus().getConditions();
    return runtime.startsWith("containerd://")
        && conditions.stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static ContainerBuilder baseImageContainer(String name) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(BASE_IMAGE)
        .withImagePullPolicy("IfNotPresent");
  }

  /** The greeter program's class file, as the pods' class path holds it. */
  private static String greeterClassFile() {
    try (InputStream in = TcpGreeter.class.getResourceAsStream("TcpGreeter.class")) {
      assertThat(in).as("TcpGreeter.class on the test class path").isNotNull();
      return Base64.getEncoder().encodeToString(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PodBuilder withGreeterClassPath(PodBuilder pod, String program) {
    return pod.editOrNewSpec()
        .addNewVolume()
        .withName("app")
        .withNewConfigMap()
        .withName(program)
        .addNewItem()
        .withKey("TcpGreeter.class")
        .withPath("io/mailfleet/e2e/TcpGreeter.class")
        .endItem()
        .endConfigMap()
        .endVolume()
        .endSpec();
  }

  private static ContainerBuilder greeterContainer(String name, String... arguments) {
    return baseImageContainer(name)
        .withCommand("java", "-cp", "/app", TcpGreeter.class.getName())
        .withArgs(arguments)
        .addNewVolumeMount()
        .withName("app")
        .withMountPath("/app")
        .withReadOnly(true)
        .endVolumeMount();
  }

  private static Deployment greeterDeployment(String name, int replicas) {
    Map<String, String> labels = Map.of("app", name);
    Pod template =
        withGreeterClassPath(new PodBuilder(), name + "-program")
            .editOrNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .editSpec()
            .addToContainers(
                greeterContainer("greeter", "serve", String.valueOf(GREETER_PORT))
                    .addNewPort()
                    .withContainerPort(GREETER_PORT)
                    .endPort()
                    .withNewReadinessProbe()
                    .withNewTcpSocket()
                    .withNewPort(GREETER_PORT)
                    .endTcpSocket()
                    .withPeriodSeconds(1)
                    .endReadinessProbe()
                    .build())
            .endSpec()
            .build();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withMetadata(template.getMetadata())
        .withSpec(template.getSpec())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Service greeterService(String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Map.of("app", name))
        .addNewPort()
        .withName("greeting")
        .withPort(GREETER_PORT)
        .withNewTargetPort(GREETER_PORT)
        .endPort()
        .endSpec()
        .build();
  }

  /** Asks {@code host}; restarts (with the kubelet's back-off) until a greeter answers. */
  private static Pod greeterClient(String podName, String program, String host) {
    return withGreeterClassPath(new PodBuilder(), program)
        .withNewMetadata()
        .withName(podName)
        .endMetadata()
        .editSpec()
        .withRestartPolicy("OnFailure")
        .addToContainers(greeterContainer("ask", "ask", host, String.valueOf(GREETER_PORT)).build())
        .endSpec()
        .build();
  }

  private static List<String> readyEndpoints(KubernetesClient client, String service) {
    return client
        .discovery()
        .v1()
        .endpointSlices()
        .withLabel("kubernetes.io/service-name", service)
        .list()
        .getItems()
        .stream()
        .map(EndpointSlice::getEndpoints)
        .filter(Objects::nonNull)
        .flatMap(List::stream)
        .filter(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady()))
        .flatMap(e -> e.getAddresses().stream())
        .toList();
  }

  private static Pod awaitPodFinished(KubernetesClient client, String name) {
    try {
      return await("pod " + name + " Succeeded or Failed")
          .atMost(POD_TIMEOUT)
          .until(
              () -> client.pods().withName(name).get(),
              pod ->
                  pod != null
                      && Set.of("Succeeded", "Failed").contains(pod.getStatus().getPhase()));
    } catch (ConditionTimeoutException e) {
      Pod pod = client.pods().withName(name).get();
      throw Assertions.<AssertionError>fail(
          "pod "
              + name
              + " did not finish within "
              + POD_TIMEOUT
              + ": "
              + (pod == null ? "gone" : describe(client, pod)),
          e);
    }
  }

  /** The pod's container states and events, for a failure message that says what happened. */
  private static String describe(KubernetesClient client, Pod pod) {
    String events =
        client
            .v1()
            .events()
            .withField("involvedObject.name", pod.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .map(e -> e.getReason() + ": " + e.getMessage())
            .collect(Collectors.joining("; "));
    return "containers " + pod.getStatus().getContainerStatuses() + ", events [" + events + "]";
  }
}
