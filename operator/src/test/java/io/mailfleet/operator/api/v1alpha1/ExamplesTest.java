package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples and the Java API describe the same resources. */
class ExamplesTest {

  private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS =
      Map.of(
          "MailCluster", MailCluster.class,
          "DeliveryTier", DeliveryTier.class,
          "SendingIpPool", SendingIpPool.class);

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void everyExampleOpensWithACommentSayingWhatItDemonstrates() {
    assertThat(RepoLayout.exampleFiles())
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            file ->
                assertThat(RepoLayout.read(file))
                    .as("opening comment of %s", file)
                    .startsWith("# ")
                    .contains("Demonstrates:"));
  }

  @Test
  void everyExampleFieldMapsOntoTheJavaClasses() {
    for (Path file : RepoLayout.exampleFiles()) {
      for (GenericKubernetesResource doc : YamlDocuments.parse(RepoLayout.read(file))) {
        JsonNode written = serialization.convertValue(doc, JsonNode.class).get("spec");
        CustomResource<?, ?> typed = serialization.convertValue(doc, KINDS.get(doc.getKind()));
        JsonNode roundTripped = serialization.convertValue(typed, JsonNode.class).get("spec");
        assertThat(roundTripped)
            .as(
                "%s %s read into %s and written back",
                file, doc.getMetadata().getName(), doc.getKind())
            .isEqualTo(written);
      }
    }
  }
}
