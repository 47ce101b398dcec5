package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every manifest in examples/ is accepted by the real API server. */
@LocalCluster
class ExamplesIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @Test
  void kubectlServerSideDryRunAcceptsEveryExample(KubernetesClient client) {
    Kubectl kubectl = Kubectl.onPath(client.getNamespace());
    for (Path file : RepoLayout.exampleFiles()) {
      String printed =
          kubectl.succeed("apply", "--server-side", "--dry-run=server", "-f", file.toString());
      assertThat(printed.lines())
          .as("kubectl's report on %s", file)
          .hasSize(YamlDocuments.parse(RepoLayout.read(file)).size())
          .allMatch(line -> line.endsWith("serverside-applied (server dry run)"));
    }
  }

  @Test
  void fabric8ServerSideDryRunAcceptsEveryExampleAndStoresNothing(KubernetesClient client) {
    for (Path file : RepoLayout.exampleFiles()) {
      for (GenericKubernetesResource doc : YamlDocuments.parse(RepoLayout.read(file))) {
        GenericKubernetesResource answered = InstalledCrds.dryRunApply(client, doc);
        assertThat(answered.getMetadata().getNamespace()).isEqualTo(client.getNamespace());
        assertThat(client.resource(doc).get())
            .as("%s %s after a dry run", doc.getKind(), doc.getMetadata().getName())
            .isNull();
      }
    }
  }

  @Test
  void kubectlApplyCreatesTheExamplesAndGetMailfleetListsEveryKind(KubernetesClient client) {
    Kubectl kubectl = Kubectl.onPath(client.getNamespace());
    kubectl.succeed("apply", "-f", RepoLayout.root().resolve("examples").toString());

    List<String> listed = kubectl.succeed("get", "mailfleet", "-o", "name").lines().toList();

    assertThat(listed)
        .contains(
            "mailcluster.mailfleet.io/mail",
            "mailcluster.mailfleet.io/eu-mail",
            "deliverytier.mailfleet.io/default",
            "deliverytier.mailfleet.io/transactional",
            "deliverytier.mailfleet.io/bulk",
            "sendingippool.mailfleet.io/outbound",
            "sendingippool.mailfleet.io/transactional-ips",
            "sendingippool.mailfleet.io/bulk-ips");
  }
}
