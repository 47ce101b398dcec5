package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator installed with the chart into a test's namespace, from the locally built images,
 * watching only that namespace: what a user gets from {@code helm install}.
 */
final class OperatorRelease {

  /** The release, and so the operator's Deployment, name. */
  static final String NAME = "mailfleet";

  /** The Lease the operator's replicas compete for (OperatorSettings.LEASE_NAME). */
  static final String LEASE = "mailfleet-operator-leader";

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  private static final String TOOLS =
      "Run e2e/cluster/cluster.sh up and source the file it writes"
          + " (~/.cache/mailfleet/run/cluster.env).";

  private final KubernetesClient client;
  private final HostCommand helm;
  private final HostCommand kubectl;

  private OperatorRelease(KubernetesClient client, HostCommand helm, HostCommand kubectl) {
    this.client = client;
    this.helm = helm;
    this.kubectl = kubectl;
  }

  /**
   * Applies the committed CRDs and installs the chart with {@code replicas} operator replicas
   * (leader election on); returns once the Deployment is available.
   */
  static OperatorRelease install(KubernetesClient client, int replicas) {
    return install(client, replicas, List.of());
  }

  /**
   * As {@link #install(KubernetesClient, int)}, with the operator (and the MTA pods that read SQS)
   * sent to the emulator {@code aws} on the node's address, where pods reach the host, with the
   * emulator's dummy credentials, as {@code make run} installs it.
   */
  static OperatorRelease installWithAws(KubernetesClient client, int replicas, AwsEmulator aws) {
    return install(
        client,
        replicas,
        List.of(
            "--set",
            "aws.region=" + aws.region().id(),
            "--set",
            "aws.endpoint=http://" + SmtpSink.NODE_ADDRESS + ":" + aws.endpoint().getPort(),
            "--set-json",
            "extraEnv=[{\"name\":\"AWS_ACCESS_KEY_ID\",\"value\":\"testing\"},"
                + "{\"name\":\"AWS_SECRET_ACCESS_KEY\",\"value\":\"testing\"}]"));
  }

  private static OperatorRelease install(
      KubernetesClient client, int replicas, List<String> extraArguments) {
    Path root = ProjectCheckout.root();
    HostCommand helm = HostCommand.onPath("helm", root, TOOLS);
    HostCommand kubectl = HostCommand.onPath("kubectl", root, TOOLS);
    String namespace = client.getNamespace();
    String tag = ProjectCheckout.imagesTag();
    // The CRDs are cluster-wide and other suites install them without Helm, so they are applied
    // as the build committed them and the chart leaves them alone.
    kubectl.runOrFail(
        Duration.ofMinutes(1), "apply", "--server-side", "--force-conflicts", "-f", "crds/");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "install",
                NAME,
                "helm/mailfleet",
                "--namespace",
                namespace,
                "--set",
                "clusterId=e2e-" + namespace,
                "--set",
                "crds.install=false",
                "--set",
                "watchNamespaces={" + namespace + "}",
                "--set",
                "replicaCount=" + replicas,
                "--set",
                "leaderElection.enabled=true",
                "--set",
                "image.tag=" + tag,
                "--set",
                "mtaImage.tag=" + tag,
                "--wait",
                "--timeout",
                INSTALL_TIMEOUT.toSeconds() + "s"));
    arguments.addAll(extraArguments);
    helm.runOrFail(INSTALL_TIMEOUT.plusSeconds(30), arguments.toArray(String[]::new));
    return new OperatorRelease(client, helm, kubectl);
  }

  /** The replica that holds the Lease, if one does. */
  Optional<String> leader() {
    Lease lease = client.leases().withName(LEASE).get();
    return Optional.ofNullable(lease)
        .map(Lease::getSpec)
        .map(spec -> spec.getHolderIdentity())
        .filter(holder -> !holder.isBlank());
  }

  /** {@code kubectl} in the checkout, for what a test shows a person when it fails. */
  HostCommand kubectl() {
    return kubectl;
  }

  /**
   * What the namespace holds, the conditions of the DeliveryTier {@code tier}, the events and the
   * operator's last log lines: the second half of a failure message.
   */
  String diagnostics(String tier) {
    String namespace = client.getNamespace();
    Duration timeout = Duration.ofSeconds(30);
    return "\n--- kubectl get ---\n"
        + kubectl
            .run(
                timeout,
                "get",
                "--namespace",
                namespace,
                "deliverytiers,mailclusters,statefulsets,pods,pvc,services,leases",
                "-o",
                "wide")
            .output()
        + "\n--- tier conditions ---\n"
        + kubectl
            .run(
                timeout,
                "get",
                "--namespace",
                namespace,
                "deliverytier/" + tier,
                "-o",
                "jsonpath={.status.conditions}")
            .output()
        + "\n--- events ---\n"
        + kubectl
            .run(timeout, "get", "events", "--namespace", namespace, "--sort-by=.lastTimestamp")
            .output()
        + "\n--- operator logs ---\n"
        + kubectl
            .run(
                timeout,
                "logs",
                "--namespace",
                namespace,
                "--selector",
                "app.kubernetes.io/name=mailfleet-operator,app.kubernetes.io/instance=" + NAME,
                "--tail=40",
                "--prefix",
                "--all-containers")
            .output();
  }

  /** {@code helm uninstall}, failing the test when it does not finish cleanly. */
  void uninstall() {
    HostCommand.Result uninstall =
        helm.run(
            Duration.ofMinutes(2),
            "uninstall",
            NAME,
            "--namespace",
            client.getNamespace(),
            "--wait");
    assertThat(uninstall.succeeded()).as(uninstall::describe).isTrue();
  }
}
