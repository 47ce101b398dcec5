package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * dnsmasq as the authoritative DNS for the {@code .test} zone on a loopback address, run as a child
 * process with only the records a test gives it. A missing program fails the test naming the Debian
 * package; it never skips.
 */
final class Dnsmasq implements AutoCloseable {

  private static final Path PROGRAM = Path.of("/usr/sbin/dnsmasq");

  private final Process process;
  private final String address;
  private final int port;

  private Dnsmasq(Process process, String address, int port) {
    this.process = process;
    this.address = address;
    this.port = port;
  }

  /**
   * Serves {@code records} (dnsmasq options such as {@code --mx-host=...}, {@code
   * --host-record=...}, {@code --dns-rr=...}) on {@code address}; names under {@code .test} that it
   * does not know get NXDOMAIN.
   */
  static Dnsmasq start(String address, Path log, String... records) throws IOException {
    if (!Files.isExecutable(PROGRAM)) {
      fail(
          "%s is missing: install the Debian package 'dnsmasq-base'"
              + " (apt-get install -y --no-install-recommends dnsmasq-base)",
          PROGRAM);
    }
    int port = SmtpSink.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                PROGRAM.toString(),
                "--no-daemon",
                "--no-resolv",
                "--no-hosts",
                "--user=root",
                "--pid-file=",
                "--port=" + port,
                "--listen-address=" + address,
                "--bind-interfaces",
                "--local=/test/",
                "--log-queries"));
    command.addAll(List.of(records));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    await("dnsmasq started")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              if (!process.isAlive()) {
                fail("dnsmasq exited: %s", Files.readString(log));
              }
              return Files.readString(log).contains("started");
            });
    return new Dnsmasq(process, address, port);
  }

  /** The resolver setting for the MTA: {@code address:port}. */
  String resolver() {
    return address + ":" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
