package io.mailfleet.mta.smtp;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real program from a Debian package that an IT drives. A missing program fails the test with the
 * package to install; it never skips.
 */
record ExternalTool(Path program, String debianPackage) {

  static ExternalTool swaks() {
    return require("/usr/bin/swaks", "swaks");
  }

  static ExternalTool smtpSource() {
    return require("/usr/sbin/smtp-source", "postfix");
  }

  static ExternalTool keytool() {
    return new ExternalTool(
        Path.of(System.getProperty("java.home"), "bin", "keytool"), "the JDK's keytool");
  }

  private static ExternalTool require(String path, String debianPackage) {
    Path program = Path.of(path);
    if (!Files.isExecutable(program)) {
      fail(
          "%s is missing: install the Debian package '%s' (apt-get install -y %s)",
          path, debianPackage, debianPackage);
    }
    return new ExternalTool(program, debianPackage);
  }

  /** What a finished run printed and returned. */
  record Run(int exitCode, String output) {}

  /** Runs the program with {@code args}, stdout and stderr merged, for at most a minute. */
  Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("%s did not finish within a minute: %s", program, command);
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
