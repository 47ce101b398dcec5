package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} as a receiving MX, run as a child process: it dumps each accepted
 * transaction to a file in {@code dumps}, and its options make it answer 4xx or 5xx to chosen
 * commands. A missing program fails the test naming the Debian package; it never skips.
 */
public final class SmtpSink implements AutoCloseable {

  private static final Path PROGRAM = Path.of("/usr/sbin/smtp-sink");

  private final Process process;
  private final int port;
  private final Path dumps;

  private SmtpSink(Process process, int port, Path dumps) {
    this.process = process;
    this.port = port;
    this.dumps = dumps;
  }

  /** A free loopback port for a sink to listen on (another sink may reuse it later). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Starts a sink on 127.0.0.1:{@code port} dumping into {@code dumps}, with extra options such as
   * {@code -r RCPT} (450 to RCPT) or {@code -f RCPT} (500 to RCPT); returns once it accepts
   * connections.
   */
  public static SmtpSink start(int port, Path dumps, String... options) throws IOException {
    return start("127.0.0.1", port, dumps, options);
  }

  /** Starts a sink on {@code address:port}, as {@link #start(int, Path, String...)}. */
  public static SmtpSink start(String address, int port, Path dumps, String... options)
      throws IOException {
    if (!Files.isExecutable(PROGRAM)) {
      fail(
          "%s is missing: install the Debian package 'postfix' (apt-get install -y postfix)",
          PROGRAM);
    }
    Files.createDirectories(dumps);
    List<String> command = new ArrayList<>(List.of(PROGRAM.toString(), "-u", "root"));
    command.addAll(List.of("-d", dumps + "/%M%S."));
    command.addAll(List.of(options));
    command.addAll(List.of(address + ":" + port, "64"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dumps.resolveSibling(dumps.getFileName() + ".log").toFile())
            .start();
    SmtpSink sink = new SmtpSink(process, port, dumps);
    await("smtp-sink listening on port " + port)
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              if (!process.isAlive()) {
                fail(
                    "smtp-sink exited: %s",
                    Files.readString(dumps.resolveSibling(dumps.getFileName() + ".log")));
              }
              try (Socket probe = new Socket(address, port)) {
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    return sink;
  }

  public int port() {
    return port;
  }

  /** Every transaction the sink accepted so far, as dumped (headers it added, then the message). */
  public List<String> received() throws IOException {
    try (Stream<Path> files = Files.list(dumps)) {
      List<String> messages = new ArrayList<>();
      for (Path file : files.sorted().toList()) {
        messages.add(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
      return messages;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
