package io.mailfleet.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A program on the host's PATH (helm, kubectl, swaks) that a test runs and reads the output of. */
final class HostCommand {

  /** What one run printed (stdout and stderr together) and how it ended. */
  record Result(List<String> command, int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }

    String describe() {
      return String.join(" ", command) + " ended with exit " + exitCode + ":\n" + output;
    }
  }

  private final Path executable;
  private final Path workingDirectory;

  private HostCommand(Path executable, Path workingDirectory) {
    this.executable = executable;
    this.workingDirectory = workingDirectory;
  }

  /**
   * The program {@code name} on PATH; fails the test with {@code howToGetIt} when there is none.
   */
  static HostCommand onPath(String name, Path workingDirectory, String howToGetIt) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return new HostCommand(candidate, workingDirectory);
      }
    }
    return fail("No " + name + " on PATH (" + System.getenv("PATH") + "). " + howToGetIt);
  }

  /** The program at {@code executable} (a project script), run in {@code workingDirectory}. */
  static HostCommand at(Path executable, Path workingDirectory) {
    if (!Files.isExecutable(executable)) {
      fail(executable + " is missing or not executable");
    }
    return new HostCommand(executable, workingDirectory);
  }

  /** Runs the program; fails the test when it does not end within {@code timeout}. */
  Result run(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    try {
      Path output = Files.createTempFile(executable.getFileName().toString(), ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          return fail(
              String.join(" ", command)
                  + " did not end within "
                  + timeout
                  + ":\n"
                  + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(
            command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      return fail("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while running " + command, e);
    }
  }

  /** Runs the program and fails the test, with its output, unless it exits with 0. */
  String runOrFail(Duration timeout, String... args) {
    Result result = run(timeout, args);
    if (!result.succeeded()) {
      fail(result.describe());
    }
    return result.output();
  }
}
