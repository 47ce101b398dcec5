package io.mailfleet.operator.chart;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code helm} binary found on PATH against the repository's chart. */
public final class Helm {

  /** The Kubernetes version charts are rendered for: the one the local cluster runs. */
  static final String KUBE_VERSION = "1.34.4";

  /** What one helm run printed and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {
    String describe() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  private final Path executable;
  private final Path root;

  private Helm(Path executable, Path root) {
    this.executable = executable;
    this.root = root;
  }

  /** The helm on PATH, run from the repository root; fails the test saying how to get one. */
  static Helm onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "helm");
      if (Files.isExecutable(candidate)) {
        return new Helm(candidate, repositoryRoot());
      }
    }
    return fail(
        "No helm on PATH. Run e2e/cluster/build-tools.sh (it builds the pinned helm into"
            + " ~/.cache/mailfleet/k8s-v1.34.4/bin) and source the file that"
            + " e2e/cluster/cluster.sh up writes (~/.cache/mailfleet/run/cluster.env).");
  }

  Path chart() {
    return root.resolve("helm/mailfleet");
  }

  Path file(String relative) {
    return root.resolve(relative);
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("helm", ".out");
      Path err = Files.createTempFile("helm", ".err");
      Process process =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return fail("helm did not finish within 2 minutes: " + command);
      }
      Result result =
          new Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      return fail("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted running " + command, e);
    }
  }

  /** {@code helm template} that must succeed; returns the rendered manifests. */
  String template(String valuesFile) {
    Result result =
        run(
            "template",
            "mailfleet",
            chart().toString(),
            "--namespace",
            "mailfleet-system",
            "--kube-version",
            KUBE_VERSION,
            "--values",
            file(valuesFile).toString());
    if (result.exitCode() != 0) {
      fail("helm template with " + valuesFile + " failed:\n" + result.describe());
    }
    return result.stdout();
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("helm/mailfleet"))
          && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    return fail("No helm/mailfleet above " + Path.of("").toAbsolutePath());
  }
}
