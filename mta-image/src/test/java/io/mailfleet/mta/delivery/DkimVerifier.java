package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * dkimpy (Debian {@code python3-dkim}, with {@code python3-nacl} for Ed25519) as an independent
 * DKIM verifier, run in a child process with the test's key records as its only DNS. A missing
 * verifier fails the test naming the packages; it never skips.
 */
final class DkimVerifier {

  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private static final String SCRIPT =
      """
      import json, sys, dkim
      records = json.load(open(sys.argv[2]))
      def txt(name, timeout=5):
          name = name.decode() if isinstance(name, bytes) else name
          record = records.get(name.rstrip('.'))
          return record.encode() if record else None
      print('PASS' if dkim.verify(open(sys.argv[1], 'rb').read(), dnsfunc=txt) else 'FAIL')
      """;

  private final Path work;
  private final Map<String, String> records;

  /** A verifier that finds {@code records} (DNS name to TXT value) and keeps files in work. */
  DkimVerifier(Path work, Map<String, String> records) throws Exception {
    this.work = work;
    this.records = records;
    Run probe = run(PYTHON.toString(), "-c", "import dkim, nacl");
    if (probe.exit() != 0) {
      fail(
          "dkimpy is missing (%s): install the Debian packages 'python3-dkim' and 'python3-nacl'"
              + " (apt-get install -y python3-dkim python3-nacl)",
          probe.output().strip());
    }
  }

  /** Whether dkimpy finds the topmost DKIM-Signature of {@code message} valid. */
  boolean verifies(byte[] message) throws Exception {
    Files.createDirectories(work);
    Path file = Files.createTempFile(work, "message", ".eml");
    Files.write(file, message);
    Path dns = work.resolve("records.json");
    StringBuilder json = new StringBuilder("{");
    records.forEach(
        (name, value) ->
            json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(name)
                .append("\":\"")
                .append(value)
                .append('"'));
    Files.writeString(dns, json.append('}'));
    Run run = run(PYTHON.toString(), "-c", SCRIPT, file.toString(), dns.toString());
    assertThat(run.output()).as("dkimpy output").containsAnyOf("PASS", "FAIL");
    return run.output().strip().endsWith("PASS");
  }

  /**
   * The message smtp-sink dumped, without the X- lines it put on top. The Received header it also
   * adds stays: DKIM does not sign it, as no receiving MTA's trace headers can be.
   */
  static byte[] withoutSinkHeaders(String dumped) {
    List<String> lines = new ArrayList<>(List.of(dumped.split("\n", -1)));
    while (!lines.isEmpty() && lines.get(0).startsWith("X-")) {
      lines.remove(0);
    }
    return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** What a finished child process printed and returned. */
  private record Run(int exit, String output) {}

  private static Run run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("%s did not finish within a minute", List.of(command));
    }
    return new Run(process.exitValue(), output);
  }
}
