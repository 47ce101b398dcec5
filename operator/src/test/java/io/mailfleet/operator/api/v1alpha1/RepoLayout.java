package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the committed CRDs and examples live, found from the module the tests run in. */
final class RepoLayout {

  private RepoLayout() {}

  /** The repository root: the nearest directory above the working directory holding crds/. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("crds")) && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    return fail("No crds/ directory above " + Path.of("").toAbsolutePath());
  }

  /** The generated CRD files in crds/, sorted by name. */
  static List<Path> crdFiles() {
    return list(root().resolve("crds"), ".yml");
  }

  /**
   * The example manifests in examples/, sorted by name; the Helm values in examples/helm/ are chart
   * input, not Kubernetes objects, and stay out of {@code kubectl apply -f examples/}.
   */
  static List<Path> exampleFiles() {
    return list(root().resolve("examples"), ".yaml");
  }

  static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found =
          files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
      if (found.isEmpty()) {
        fail("No *" + suffix + " files in " + dir);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
