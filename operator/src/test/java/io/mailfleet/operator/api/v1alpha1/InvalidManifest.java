package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One case of the invalid-manifest catalogue in {@code src/test/resources/invalid/}.
 *
 * <p>Each file names the rule it breaks ({@code # rule:}) and a fragment of the message the API
 * server must refuse it with ({@code # expect:}). A file with two documents is an update case: the
 * first is created, the second must be refused as a change of it.
 *
 * @param file the catalogue file
 * @param rule the rule the manifest breaks
 * @param expectedMessage a fragment of the API server's refusal
 * @param setup objects to create first (empty unless this is an update case)
 * @param refused the object the API server must refuse
 */
record InvalidManifest(
    Path file,
    String rule,
    String expectedMessage,
    List<GenericKubernetesResource> setup,
    GenericKubernetesResource refused) {

  private static final String CATALOGUE = "invalid";

  /** Every case of the catalogue, sorted by file name. */
  static List<InvalidManifest> catalogue() {
    return RepoLayout.list(catalogueDir(), ".yaml").stream().map(InvalidManifest::read).toList();
  }

  static InvalidManifest read(Path file) {
    String yaml = RepoLayout.read(file);
    List<GenericKubernetesResource> docs = YamlDocuments.parse(yaml);
    if (docs.isEmpty() || docs.size() > 2) {
      fail(file + " must hold one document, or two for an update case; it holds " + docs.size());
    }
    return new InvalidManifest(
        file,
        header(yaml, "rule", file),
        header(yaml, "expect", file),
        docs.subList(0, docs.size() - 1),
        docs.get(docs.size() - 1));
  }

  /** The file name, which says what the case is about. */
  String name() {
    return file.getFileName().toString();
  }

  private static String header(String yaml, String key, Path file) {
    String prefix = "# " + key + ":";
    Optional<String> value =
        yaml.lines()
            .filter(l -> l.startsWith(prefix))
            .map(l -> l.substring(prefix.length()).strip())
            .filter(v -> !v.isEmpty())
            .findFirst();
    return value.orElseGet(() -> fail(file + " lacks its '" + prefix + " ...' header line"));
  }

  private static Path catalogueDir() {
    URL url = InvalidManifest.class.getClassLoader().getResource(CATALOGUE);
    if (url == null) {
      return fail("The invalid-manifest catalogue is not on the test classpath: " + CATALOGUE);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
