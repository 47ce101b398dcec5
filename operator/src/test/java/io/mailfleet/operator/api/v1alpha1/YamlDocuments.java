package io.mailfleet.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;

/** Splits a multi-document YAML file into Kubernetes objects, kept generic on purpose. */
final class YamlDocuments {

  private YamlDocuments() {}

  /**
   * The documents of {@code yaml}, each parsed as a {@link GenericKubernetesResource}: generic so
   * that a field the Java classes do not know (or a value of the wrong type) reaches the API server
   * exactly as written, for the server to judge.
   */
  static List<GenericKubernetesResource> parse(String yaml) {
    return Arrays.stream(yaml.split("(?m)^---\\s*$"))
        .filter(YamlDocuments::hasContent)
        .map(doc -> Serialization.unmarshal(doc, GenericKubernetesResource.class))
        .toList();
  }

  private static boolean hasContent(String doc) {
    return doc.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
  }
}
