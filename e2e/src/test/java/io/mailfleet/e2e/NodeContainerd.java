package io.mailfleet.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The local node's containerd (e2e/cluster/node.sh), reached with {@code ctr} on the host: how a
 * test kills a container's process with SIGKILL, as a crash or the OOM killer would. (A {@code kill
 * -9 1} inside the container does nothing: the kernel does not deliver SIGKILL to a PID namespace's
 * init from within it.)
 */
final class NodeContainerd {

  /** The namespace the kubelet's CRI plugin keeps pods' containers in. */
  private static final String CRI_NAMESPACE = "k8s.io";

  private static final String CONTAINERD_PREFIX = "containerd://";

  private final HostCommand ctr;
  private final Path socket;

  private NodeContainerd(HostCommand ctr, Path socket) {
    this.ctr = ctr;
    this.socket = socket;
  }

  /** The node's containerd on this host; fails naming what is missing when it is not here. */
  static NodeContainerd onThisHost() {
    Path socket = runDirectory().resolve("node/containerd/containerd.sock");
    if (!Files.exists(socket)) {
      fail(
          "No containerd socket of the local node at "
              + socket
              + ": the fault tests kill containers through the local node's containerd, so they"
              + " need the local cluster (`make cluster-up`, e2e/cluster/node.sh) on this host;"
              + " MAILFLEET_RUN_DIR names its run directory when it is not the default.");
    }
    HostCommand ctr =
        HostCommand.onPath(
            "ctr", ProjectCheckout.root(), "Install the Debian package containerd (it has ctr).");
    return new NodeContainerd(ctr, socket);
  }

  /** The harness's run directory, found as e2e/cluster/lib.sh finds it. */
  private static Path runDirectory() {
    String run = System.getenv("MAILFLEET_RUN_DIR");
    if (run != null && !run.isBlank()) {
      return Path.of(run);
    }
    String cache = System.getenv("MAILFLEET_CACHE");
    if (cache == null || cache.isBlank()) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path base =
          xdg == null || xdg.isBlank()
              ? Path.of(System.getProperty("user.home"), ".cache")
              : Path.of(xdg);
      return base.resolve("mailfleet/run");
    }
    return Path.of(cache).resolve("run");
  }

  /** Sends SIGKILL to the process the container runs (its PID 1: the JVM in our images). */
  void sigkill(ContainerStatus container) {
    String id = container.getContainerID();
    if (id == null || !id.startsWith(CONTAINERD_PREFIX)) {
      fail("container " + container.getName() + " has no containerd id: " + container);
    }
    ctr.runOrFail(
        Duration.ofSeconds(30),
        "--address",
        socket.toString(),
        "--namespace",
        CRI_NAMESPACE,
        "tasks",
        "kill",
        "--signal",
        "SIGKILL",
        id.substring(CONTAINERD_PREFIX.length()));
  }
}
