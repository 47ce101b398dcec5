package io.mailfleet.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the E2E suite runs from: its chart, examples and CRDs, and the images' tag. */
final class ProjectCheckout {

  private ProjectCheckout() {}

  /** The checkout's root: the directory above the working directory with the chart and examples. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("helm/mailfleet"))
          && Files.isRegularFile(dir.resolve("examples/quickstart.yaml"))) {
        return dir;
      }
    }
    return fail(
        "No helm/mailfleet and examples/quickstart.yaml above " + Path.of("").toAbsolutePath());
  }

  /** The tag of the images the Maven build made (failsafe passes the build's images.tag). */
  static String imagesTag() {
    String tag = System.getProperty("mailfleet.images.tag");
    if (tag == null || tag.isBlank()) {
      fail(
          "System property mailfleet.images.tag is not set: run this test through the e2e"
              + " module's failsafe execution (e2e/cluster/test.sh), which passes ${images.tag}.");
    }
    return tag;
  }
}
