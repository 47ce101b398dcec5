package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The kubectl on PATH, run against the cluster KUBECONFIG names, in one namespace. */
final class Kubectl {

  private static final long TIMEOUT_SECONDS = 60;

  private final Path executable;
  private final String namespace;

  private Kubectl(Path executable, String namespace) {
    this.executable = executable;
    this.namespace = namespace;
  }

  /** The first kubectl on PATH, or a failed test that says how to get the pinned one. */
  static Kubectl onPath(String namespace) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return new Kubectl(candidate, namespace);
      }
    }
    return fail(
        "kubectl is not on PATH ("
            + path
            + "). `make test` puts the pinned one first; by hand, run `make cluster-up` and"
            + " export the PATH it prints (~/.cache/mailfleet/k8s-v1.34.4/bin first).");
  }

  /** Runs {@code kubectl --namespace <namespace> args...} and returns what it printed. */
  Result run(String... args) {
    List<String> command =
        new ArrayList<>(List.of(executable.toString(), "--namespace", namespace));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      try {
        // KUBECONFIG and PATH are inherited from the test JVM's environment.
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + "s");
        }
        return new Result(
            String.join(" ", command),
            process.exitValue(),
            Files.readString(out),
            Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs kubectl and fails the test, showing what kubectl said, unless it exits with 0. */
  String succeed(String... args) {
    Result result = run(args);
    if (result.exitCode() != 0) {
      fail(result.describe());
    }
    return result.stdout();
  }

  /**
   * What one kubectl run printed.
   *
   * @param command the command line
   * @param exitCode kubectl's exit code
   * @param stdout standard output
   * @param stderr standard error
   */
  record Result(String command, int exitCode, String stdout, String stderr) {

    String describe() {
      return command + " exited with " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }
}
