package io.mailfleet.operator.api.v1alpha1;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs the committed CRDs the way users are told to: {@code kubectl apply --server-side}. */
public final class InstalledCrds {

  static final String FIELD_MANAGER = "mailfleet-api-tests";
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private InstalledCrds() {}

  /**
   * Applies crds/ with {@code kubectl apply --server-side}, exactly as the README tells users, and
   * waits until the API server serves every CRD and publishes its schema. The conflicts forced are
   * those with earlier applies by other field managers (a chart, another engineer's test).
   */
  public static void apply(KubernetesClient client) {
    Kubectl.onPath(client.getNamespace())
        .succeed(
            "apply",
            "--server-side",
            "--force-conflicts",
            "-f",
            RepoLayout.root().resolve("crds").toString());
    for (Path file : RepoLayout.crdFiles()) {
      CustomResourceDefinition crd = CrdSchemas.load(file);
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(InstalledCrds::established, WITHIN.toSeconds(), TimeUnit.SECONDS);
      awaitPublishedSchema(client, crd);
    }
  }

  /**
   * What the API server answers to a server-side apply of {@code resource} as a dry run: the object
   * it would store, or the refusal it throws. Nothing is stored.
   */
  static GenericKubernetesResource dryRunApply(
      KubernetesClient client, GenericKubernetesResource resource) {
    return client
        .resource(resource)
        .dryRun()
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  /**
   * Waits until the OpenAPI document that kubectl explain reads carries this CRD's spec schema. The
   * API server republishes it a moment after a CRD changes, so without the wait explain may still
   * show the previous schema. The descriptions of every spec field identify the schema.
   */
  private static void awaitPublishedSchema(KubernetesClient client, CustomResourceDefinition crd) {
    String group = crd.getSpec().getGroup();
    String version = crd.getSpec().getVersions().get(0).getName();
    List<String> expected =
        descriptions(
            JSON.convertValue(CrdSchemas.schema(crd).getProperties().get("spec"), JsonNode.class));
    await()
        .atMost(WITHIN)
        .until(
            () -> published(client, group, version, crd.getSpec().getNames().getKind()),
            expected::equals);
  }

  private static List<String> published(
      KubernetesClient client, String group, String version, String kind) {
    String document = client.raw("/openapi/v3/apis/" + group + "/" + version);
    if (document == null) {
      return List.of();
    }
    List<String> reversedGroup = new ArrayList<>(Arrays.asList(group.split("\\.")));
    Collections.reverse(reversedGroup);
    String component = String.join(".", reversedGroup) + "." + version + "." + kind;
    JsonNode spec =
        JSON.unmarshal(document, JsonNode.class)
            .path("components")
            .path("schemas")
            .path(component)
            .path("properties")
            .path("spec");
    return descriptions(spec);
  }

  /** Every description in a schema, sorted. */
  private static List<String> descriptions(JsonNode schema) {
    List<String> found = new ArrayList<>();
    collect(schema, found);
    Collections.sort(found);
    return found;
  }

  private static void collect(JsonNode node, List<String> found) {
    node.fields()
        .forEachRemaining(
            entry -> {
              if (entry.getKey().equals("description") && entry.getValue().isTextual()) {
                found.add(entry.getValue().asText());
              } else {
                collect(entry.getValue(), found);
              }
            });
    if (node.isArray()) {
      node.forEach(element -> collect(element, found));
    }
  }
}
