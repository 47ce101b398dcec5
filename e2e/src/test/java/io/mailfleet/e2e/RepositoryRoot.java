package io.mailfleet.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checked-out repository the tests run in, found above the working directory. */
final class RepositoryRoot {

  private RepositoryRoot() {}

  /** The nearest directory above the working directory holding the chart and {@code mvnw}. */
  static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("helm/mailfleet"))
          && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    return fail("No helm/mailfleet and mvnw above " + Path.of("").toAbsolutePath());
  }
}
