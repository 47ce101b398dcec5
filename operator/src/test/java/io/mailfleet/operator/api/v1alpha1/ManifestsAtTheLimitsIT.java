package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The API server accepts the manifests in {@code src/test/resources/at-the-limits/}, each right at
 * a bound that a case of the invalid catalogue crosses: the rules refuse no more than they must.
 */
@LocalCluster
class ManifestsAtTheLimitsIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @TestFactory
  Stream<DynamicTest> apiServerAcceptsEveryManifestAtTheLimits(KubernetesClient client)
      throws URISyntaxException {
    Path dir = Path.of(getClass().getClassLoader().getResource("at-the-limits").toURI());
    List<Path> files = RepoLayout.list(dir, ".yaml");
    assertThat(files).isNotEmpty();
    return files.stream()
        .map(
            file -> dynamicTest(file.getFileName().toString(), () -> assertAccepted(client, file)));
  }

  private static void assertAccepted(KubernetesClient client, Path file) {
    for (GenericKubernetesResource resource : YamlDocuments.parse(RepoLayout.read(file))) {
      GenericKubernetesResource accepted = InstalledCrds.dryRunApply(client, resource);
      assertThat(accepted.getMetadata().getName()).isEqualTo(resource.getMetadata().getName());
    }
  }
}
