package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code kubectl explain} documents every field a user writes. */
@LocalCluster
class ExplainIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mailcluster.spec", "deliverytier.spec", "sendingippool.spec"})
  void explainRecursiveShowsADescriptionForEveryField(String root, KubernetesClient client) {
    Kubectl kubectl = Kubectl.onPath(client.getNamespace());
    List<String> pages =
        new ArrayList<>(
            ExplainPage.objectPaths(root, kubectl.succeed("explain", root, "--recursive")));
    // The kind's own page shows the descriptions of spec and status themselves.
    pages.add(0, root.substring(0, root.indexOf('.')));
    assertThat(pages).as("object fields under %s", root).hasSizeGreaterThan(2);

    List<String> undocumented = new ArrayList<>();
    for (String page : pages) {
      String explained = kubectl.succeed("explain", page);
      assertThat(explained).as("kubectl explain %s", page).contains("DESCRIPTION:");
      ExplainPage.fieldsWithoutDescription(explained)
          .forEach(f -> undocumented.add(page + "." + f));
    }
    assertThat(undocumented).as("fields kubectl explain shows without a description").isEmpty();
  }
}
