package io.mailfleet.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The committed CRDs, read back and flattened into schema nodes by field path. */
final class CrdSchemas {

  private CrdSchemas() {}

  static CustomResourceDefinition load(Path file) {
    return Serialization.unmarshal(RepoLayout.read(file), CustomResourceDefinition.class);
  }

  /** The openAPIV3Schema of the CRD's only version. */
  static JSONSchemaProps schema(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  /**
   * Every property below {@code root}, keyed by its path in the form the API server reports it
   * without list indices: {@code spec.shaping.limits.tls}, {@code spec.aws.tags}.
   */
  static Map<String, JSONSchemaProps> fields(JSONSchemaProps root) {
    Map<String, JSONSchemaProps> fields = new LinkedHashMap<>();
    collect("", root, fields);
    return fields;
  }

  private static void collect(String path, JSONSchemaProps node, Map<String, JSONSchemaProps> out) {
    if (node.getProperties() != null) {
      node.getProperties()
          .forEach(
              (name, child) -> {
                String childPath = path.isEmpty() ? name : path + "." + name;
                out.put(childPath, child);
                collect(childPath, child, out);
              });
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      collect(path, node.getItems().getSchema(), out);
    }
    if (node.getAdditionalProperties() != null
        && node.getAdditionalProperties().getSchema() != null) {
      collect(path, node.getAdditionalProperties().getSchema(), out);
    }
  }

  /** A path as the API server reports it ({@code spec.shaping[0].name}) without the indices. */
  static String withoutIndices(String path) {
    return path.replaceAll("\\[[0-9]*]", "");
  }
}
