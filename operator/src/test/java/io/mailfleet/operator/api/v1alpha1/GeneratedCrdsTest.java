package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed CRDs are what a platform team can live with: named, documented, small. */
class GeneratedCrdsTest {

  /** Half the 262144-byte annotation limit that client-side apply would run into. */
  private static final long SIZE_BUDGET_BYTES = 128 * 1024;

  @Test
  void crdsDirectoryHoldsOneCrdPerKind() {
    assertThat(RepoLayout.crdFiles())
        .extracting(f -> f.getFileName().toString())
        .containsExactly(
            "deliverytiers.mailfleet.io-v1.yml",
            "mailclusters.mailfleet.io-v1.yml",
            "sendingippools.mailfleet.io-v1.yml");
  }

  @Test
  void everyFieldHasADescription() {
    List<String> undocumented = new ArrayList<>();
    for (Path file : RepoLayout.crdFiles()) {
      String kind = CrdSchemas.load(file).getSpec().getNames().getKind();
      if (CrdSchemas.schema(CrdSchemas.load(file)).getDescription() == null) {
        undocumented.add(kind);
      }
      CrdSchemas.fields(CrdSchemas.schema(CrdSchemas.load(file)))
          .forEach(
              (path, field) -> {
                if (field.getDescription() == null || field.getDescription().isBlank()) {
                  undocumented.add(kind + " " + path);
                }
              });
    }
    assertThat(undocumented).as("fields without a description").isEmpty();
  }

  @Test
  void everyCrdIsWellUnderTheClientSideApplyLimit() throws IOException {
    for (Path file : RepoLayout.crdFiles()) {
      assertThat(Files.size(file)).as("size of %s in bytes", file).isLessThan(SIZE_BUDGET_BYTES);
    }
  }

  @Test
  void kindsHaveShortNamesAndTheMailfleetCategory() {
    assertThat(RepoLayout.crdFiles())
        .map(CrdSchemas::load)
        .allSatisfy(
            crd -> assertThat(crd.getSpec().getNames().getCategories()).contains("mailfleet"))
        .extracting(crd -> crd.getSpec().getNames().getShortNames().get(0))
        .containsExactly("dt", "mcl", "sip");
  }

  @Test
  void ageIsTheLastPrinterColumnOfEveryKind() {
    for (Path file : RepoLayout.crdFiles()) {
      List<CustomResourceColumnDefinition> columns =
          CrdSchemas.load(file).getSpec().getVersions().get(0).getAdditionalPrinterColumns();
      assertThat(columns)
          .as("printer columns of %s, in kubectl's order", file.getFileName())
          .hasSizeGreaterThan(1)
          .last()
          .returns("Age", CustomResourceColumnDefinition::getName)
          .returns(".metadata.creationTimestamp", CustomResourceColumnDefinition::getJsonPath)
          .returns("date", CustomResourceColumnDefinition::getType);
    }
  }

  @Test
  void everyKindHasAStatusSubresourceAndDeliveryTierScales() {
    for (Path file : RepoLayout.crdFiles()) {
      assertThat(CrdSchemas.load(file).getSpec().getVersions().get(0).getSubresources().getStatus())
          .as("status subresource of %s", file)
          .isNotNull();
    }
    CustomResourceSubresourceScale scale =
        CrdSchemas.load(RepoLayout.root().resolve("crds/deliverytiers.mailfleet.io-v1.yml"))
            .getSpec()
            .getVersions()
            .get(0)
            .getSubresources()
            .getScale();
    assertThat(scale.getSpecReplicasPath()).isEqualTo(".spec.replicas");
    assertThat(scale.getStatusReplicasPath()).isEqualTo(".status.replicas");
    assertThat(scale.getLabelSelectorPath()).isEqualTo(".status.selector");
  }

  @Test
  void everyCelRuleHasAMessageAndAnInvalidManifest() {
    List<String> expectations =
        InvalidManifest.catalogue().stream().map(InvalidManifest::expectedMessage).toList();
    List<ValidationRule> rules = celRules().toList();
    assertThat(rules).hasSizeGreaterThanOrEqualTo(20);
    assertThat(rules)
        .allSatisfy(
            rule -> {
              // Without a message the API server would quote the CEL expression to the user.
              assertThat(rule.getMessage()).as("message of %s", rule.getRule()).isNotBlank();
              assertThat(expectations)
                  .as("catalogue cases for the rule '%s'", rule.getMessage())
                  .anyMatch(rule.getMessage()::contains);
            });
  }

  @Test
  void everyEnumAndPatternInSpecHasAnInvalidManifest() {
    Map<String, Map<String, JSONSchemaProps>> fieldsByKind = fieldsByKind();
    List<JSONSchemaProps> broken =
        InvalidManifest.catalogue().stream()
            .map(c -> fieldsByKind.get(c.refused().getKind()).get(brokenPath(c)))
            .filter(Objects::nonNull)
            .toList();
    List<String> uncovered = new ArrayList<>();
    fieldsByKind.forEach(
        (kind, fields) ->
            fields.forEach(
                (path, field) -> {
                  boolean validated = field.getEnum() != null || field.getPattern() != null;
                  // A case counts for every field sharing its enum or pattern.
                  boolean exercised =
                      broken.stream()
                          .anyMatch(
                              b ->
                                  Objects.equals(b.getEnum(), field.getEnum())
                                      && Objects.equals(b.getPattern(), field.getPattern()));
                  if (path.startsWith("spec.") && validated && !exercised) {
                    uncovered.add(kind + " " + path);
                  }
                }));
    assertThat(uncovered).as("enums and patterns that no invalid manifest breaks").isEmpty();
  }

  @Test
  void everyStringInSpecHasAPatternOrAnEnumAndABoundedLength() {
    // A line break in a host name, selector or route would reach the MTA's configuration or its
    // SMTP dialogue, and CEL rules need bounded strings to stay within the API server's cost
    // budget. Tag values go only to AWS, which takes any character; a CEL rule bounds them.
    Set<String> exempt = Set.of("SendingIpPool spec.aws.tags");
    List<String> unbounded = new ArrayList<>();
    fieldsByKind()
        .forEach(
            (kind, fields) ->
                fields.forEach(
                    (path, field) -> {
                      JSONSchemaProps string = stringSchema(field);
                      boolean constrained =
                          string == null
                              || string.getEnum() != null
                              || (string.getPattern() != null && string.getMaxLength() != null);
                      if (path.startsWith("spec.")
                          && !constrained
                          && !exempt.contains(kind + " " + path)) {
                        unbounded.add(kind + " " + path);
                      }
                    }));
    assertThat(unbounded).as("strings without a pattern or enum and a maxLength").isEmpty();
  }

  /** The string schema of a string field, of a list's items or of a map's values; else null. */
  private static JSONSchemaProps stringSchema(JSONSchemaProps field) {
    JSONSchemaProps values =
        field.getItems() != null
            ? field.getItems().getSchema()
            : field.getAdditionalProperties() != null
                ? field.getAdditionalProperties().getSchema()
                : field;
    return values != null && "string".equals(values.getType()) ? values : null;
  }

  /** The field an expected message names: {@code spec.x: Unsupported...}, {@code spec.x in...}. */
  private static String brokenPath(InvalidManifest c) {
    return CrdSchemas.withoutIndices(c.expectedMessage().split("[: ]")[0]);
  }

  private static Map<String, Map<String, JSONSchemaProps>> fieldsByKind() {
    Map<String, Map<String, JSONSchemaProps>> byKind = new TreeMap<>();
    for (Path file : RepoLayout.crdFiles()) {
      CustomResourceDefinition crd = CrdSchemas.load(file);
      byKind.put(crd.getSpec().getNames().getKind(), CrdSchemas.fields(CrdSchemas.schema(crd)));
    }
    return byKind;
  }

  private static Stream<ValidationRule> celRules() {
    return RepoLayout.crdFiles().stream()
        .map(CrdSchemas::load)
        .flatMap(
            crd -> {
              JSONSchemaProps root = CrdSchemas.schema(crd);
              return Stream.concat(Stream.of(root), CrdSchemas.fields(root).values().stream());
            })
        .filter(node -> node.getXKubernetesValidations() != null)
        .flatMap(node -> node.getXKubernetesValidations().stream());
  }
}
