package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

@LocalCluster
class LocalClusterIT {

  @Test
  void objectWrittenWithServerSideApplyIsReadBack(KubernetesClient client) {
    ConfigMap desired =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("harness-check")
            .endMetadata()
            .withData(Map.of("greeting", "hello from mailfleet"))
            .build();

    client
        .configMaps()
        .resource(desired)
        .fieldManager("mailfleet-it")
        .forceConflicts()
        .serverSideApply();

    ConfigMap stored = client.configMaps().withName("harness-check").get();
    assertThat(stored.getMetadata().getNamespace()).isEqualTo(client.getNamespace());
    assertThat(stored.getMetadata().getUid()).isNotBlank();
    assertThat(stored.getData()).containsEntry("greeting", "hello from mailfleet");
  }

  @Test
  void apiServerRunsThePinnedRelease(KubernetesClient client) {
    assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v1.34.");
  }
}
