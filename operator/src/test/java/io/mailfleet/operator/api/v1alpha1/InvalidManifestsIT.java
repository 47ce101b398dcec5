package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mailfleet.e2e.LocalCluster;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The API server refuses every manifest of the invalid catalogue, saying what to fix. */
@LocalCluster
class InvalidManifestsIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @TestFactory
  Stream<DynamicTest> apiServerRefusesEveryInvalidManifestWithItsMessage(KubernetesClient client) {
    return InvalidManifest.catalogue().stream()
        .map(c -> dynamicTest(c.name() + " (" + c.rule() + ")", () -> assertRefused(client, c)));
  }

  private static void assertRefused(KubernetesClient client, InvalidManifest invalid) {
    // Update cases: the valid object exists for real, so the refused change is a true update.
    for (GenericKubernetesResource valid : invalid.setup()) {
      apply(client, valid);
    }

    KubernetesClientException refusal =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> InstalledCrds.dryRunApply(client, invalid.refused()));

    assertThat(refusal).as("the API server's answer to %s", invalid.name()).isNotNull();
    assertThat(refusal.getMessage()).contains(invalid.expectedMessage());
    // A rule that fails to evaluate (index out of bounds, a string that is no duration) shows the
    // user a CEL error next to the real one: each rule guards what it reads.
    assertThat(refusal.getMessage())
        .as("CEL evaluation errors in the refusal of %s", invalid.name())
        .doesNotContain("evaluating rule");
  }

  private static void apply(KubernetesClient client, GenericKubernetesResource resource) {
    client
        .resource(resource)
        .fieldManager(InstalledCrds.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }
}
