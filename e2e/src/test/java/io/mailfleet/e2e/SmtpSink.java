package io.mailfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} on the node's bridge address, which pods reach: the receiving MX of
 * the fault tests. It dumps every message it accepts into a file of its own, so a test counts what
 * arrived, and how often, by Message-ID.
 */
final class SmtpSink implements AutoCloseable {

  /** The node's bridge address (e2e/cluster/node.sh), where pods reach the host. */
  static final String NODE_ADDRESS = "10.244.0.1";

  private static final Path PROGRAM = Path.of("/usr/sbin/smtp-sink");
  private static final String LOG = "smtp-sink.log";
  private static final Pattern MESSAGE_ID =
      Pattern.compile("(?im)^Message-ID:[ \\t]*<([^>\\r\\n]+)>");

  private final Process process;
  private final Path dumps;
  private final int port;

  private SmtpSink(Process process, Path dumps, int port) {
    this.process = process;
    this.dumps = dumps;
    this.port = port;
  }

  /** Starts a sink on a free port of the node address and waits until it answers. */
  static SmtpSink start() {
    if (!Files.isExecutable(PROGRAM)) {
      fail(PROGRAM + " is missing: install the Debian package postfix (e2e/cluster/prereqs.sh)");
    }
    try {
      int port = freePort();
      Path dumps = Files.createTempDirectory("fault-sink");
      Process process =
          new ProcessBuilder(
                  PROGRAM.toString(),
                  "-u",
                  "root",
                  "-d",
                  dumps + "/%H%M%S.",
                  NODE_ADDRESS + ":" + port,
                  "256")
              .redirectErrorStream(true)
              .redirectOutput(dumps.resolve(LOG).toFile())
              .start();
      SmtpSink sink = new SmtpSink(process, dumps, port);
      await("smtp-sink listening on " + sink.target())
          .atMost(Duration.ofSeconds(20))
          .failFast("smtp-sink exited: " + sink.log(), () -> !process.isAlive())
          .ignoreExceptions()
          .until(
              () -> {
                try (Socket socket = new Socket(NODE_ADDRESS, port)) {
                  return true;
                }
              });
      return sink;
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + PROGRAM, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(NODE_ADDRESS))) {
      return probe.getLocalPort();
    }
  }

  /** Where a route sends mail to this sink: {@code host:port}. */
  String target() {
    return NODE_ADDRESS + ":" + port;
  }

  /** How many times each Message-ID that ends with {@code suffix} arrived. */
  Map<String, Integer> arrivals(String suffix) {
    Map<String, Integer> counts = new HashMap<>();
    try (Stream<Path> files = Files.list(dumps)) {
      files
          .filter(f -> !f.getFileName().toString().equals(LOG))
          .forEach(
              f -> {
                Matcher id = MESSAGE_ID.matcher(read(f));
                if (id.find() && id.group(1).endsWith(suffix)) {
                  counts.merge(id.group(1), 1, Integer::sum);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + dumps, e);
    }
    return counts;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String log() {
    return read(dumps.resolve(LOG));
  }

  @Override
  public void close() {
    process.destroy();
    try (Stream<Path> files = Files.walk(dumps)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("removing " + dumps, e);
    }
  }
}
