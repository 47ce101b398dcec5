package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A spool volume of a bounded size: a tmpfs of that size mounted on the node's host, offered as a
 * local PersistentVolume bound in advance to one pod's spool claim. The node's provisioner makes
 * plain host directories, whose size is the host disk's; a volume that fills needs a filesystem of
 * its own. The test fills it from the host through {@link #fill()} and frees it with {@link
 * #free()}; {@link #close()} removes the PersistentVolume, the mount and the directory, which it
 * made.
 */
final class TmpfsSpoolVolume implements AutoCloseable {

  private static final String FILLER = "filler-written-by-the-fault-test";
  private static final int CHUNK = 1 << 20;

  private final KubernetesClient client;
  private final HostCommand umount;
  private final Path directory;
  private final String name;

  private TmpfsSpoolVolume(
      KubernetesClient client, HostCommand umount, Path directory, String name) {
    this.client = client;
    this.umount = umount;
    this.directory = directory;
    this.name = name;
  }

  /**
   * Mounts a tmpfs of {@code size} (a Kubernetes quantity such as 64Mi) and offers it to the claim
   * {@code claim} of the test's namespace, in the StorageClass {@link #storageClassName()}.
   */
  static TmpfsSpoolVolume create(KubernetesClient client, String claim, String size) {
    Path root = ProjectCheckout.root();
    HostCommand mount = HostCommand.onPath("mount", root, "Install util-linux (mount).");
    HostCommand umount = HostCommand.onPath("umount", root, "Install util-linux (umount).");
    String node = containerdNode(client);
    String name = "fault-spool-" + client.getNamespace();
    Path directory;
    try {
      directory = Files.createTempDirectory(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long bytes = Quantity.getAmountInBytes(new Quantity(size)).longValueExact();
    mount.runOrFail(
        Duration.ofSeconds(30),
        "-t",
        "tmpfs",
        "-o",
        "size=" + bytes + ",mode=0777",
        "mailfleet-fault-spool",
        directory.toString());
    TmpfsSpoolVolume volume = new TmpfsSpoolVolume(client, umount, directory, name);
    client.persistentVolumes().resource(volume.persistentVolume(claim, size, node)).create();
    return volume;
  }

  /** The node that runs containers, where the kubelet finds the mount. */
  private static String containerdNode(KubernetesClient client) {
    return client.nodes().list().getItems().stream()
        .filter(
            n ->
                n.getStatus() != null
                    && n.getStatus().getNodeInfo() != null
                    && Objects.toString(
                            n.getStatus().getNodeInfo().getContainerRuntimeVersion(), "")
                        .startsWith("containerd://"))
        .map(Node::getMetadata)
        .map(m -> m.getName())
        .findFirst()
        .orElseGet(
            () ->
                fail(
                    "No node that runs containers: the full-spool test mounts its volume on the"
                        + " local node's host (`make cluster-up`, e2e/cluster/node.sh)."));
  }

  private PersistentVolume persistentVolume(String claim, String size, String node) {
    return new PersistentVolumeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withCapacity(Map.of("storage", new Quantity(size)))
        .withAccessModes("ReadWriteOnce")
        .withPersistentVolumeReclaimPolicy("Retain")
        .withStorageClassName(storageClassName())
        .withNewLocal()
        .withPath(directory.toString())
        .endLocal()
        .withNewClaimRef()
        .withNamespace(client.getNamespace())
        .withName(claim)
        .endClaimRef()
        .withNewNodeAffinity()
        .withNewRequired()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("kubernetes.io/hostname")
        .withOperator("In")
        .withValues(node)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequired()
        .endNodeAffinity()
        .endSpec()
        .build();
  }

  /**
   * The class the claim must ask for. No StorageClass of this name exists, so no provisioner
   * answers the claim: only this volume, which names the claim, binds it.
   */
  String storageClassName() {
    return name;
  }

  /** Writes a filler file until the volume has no space left; returns how many bytes it took. */
  long fill() {
    long written = 0;
    byte[] chunk = new byte[CHUNK];
    try (OutputStream out = Files.newOutputStream(directory.resolve(FILLER))) {
      while (true) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException e) {
      assertThat(e.getMessage())
          .as("why the filler stopped after %d bytes", written)
          .contains("No space left on device");
    }
    return written;
  }

  /** Deletes the filler file. */
  void free() {
    try {
      Files.delete(directory.resolve(FILLER));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the PersistentVolume, then the mount and its directory; call once no pod uses it. */
  @Override
  public void close() {
    client.persistentVolumes().withName(name).delete();
    HostCommand.Result unmounted = umount.run(Duration.ofSeconds(30), directory.toString());
    assertThat(unmounted.succeeded()).as(unmounted::describe).isTrue();
    try {
      Files.delete(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
