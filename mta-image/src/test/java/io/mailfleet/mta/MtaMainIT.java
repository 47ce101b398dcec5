package io.mailfleet.mta;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.SpoolObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MTA as a process: configuration file, SIGTERM handling, exit status, metrics. */
class MtaMainIT {

  private static final Pattern UP =
      Pattern.compile("SMTP \\[/127\\.0\\.0\\.1:(\\d+)\\], injection port \\d+, admin port (\\d+)");

  @TempDir Path work;

  private final Queue<String> output = new ConcurrentLinkedQueue<>();

  private Process start(String yaml) throws IOException {
    Path config = work.resolve("mta.yaml");
    Files.writeString(config, yaml);
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                MtaMain.class.getName(),
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = process.getInputStream();
                  BufferedReader lines =
                      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l = lines.readLine(); l != null; l = lines.readLine()) {
                  output.add(l);
                }
              } catch (IOException e) {
                output.add("READ-ERROR " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private String config() {
    return """
        hostname: mx.main.example
        smtp:
          listeners:
            - {name: submission, address: 127.0.0.1, port: 0, proxyProtocol: false}
        spool:
          directory: %s
        admin: {address: 127.0.0.1, port: 0}
        inject: {address: 127.0.0.1, port: 0}
        delivery: {paused: true}
        shutdownGrace: 20s
        """
        .formatted(work.resolve("spool"));
  }

  /** Waits for the "up" log line; returns the SMTP and admin ports. */
  private int[] awaitUp(Process process) {
    Awaitility.await("MTA to start")
        .atMost(Duration.ofSeconds(60))
        .failFast("MTA exited: " + output, () -> !process.isAlive())
        .until(() -> output.stream().anyMatch(l -> UP.matcher(l).find()));
    Matcher m = output.stream().map(UP::matcher).filter(Matcher::find).findFirst().orElseThrow();
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  @Test
  void sigtermLetsTheTransactionInFlightFinishThenExitsZero() throws Exception {
    Process mta = start(config());
    try {
      sendDuringShutdown(mta, awaitUp(mta)[0]);
    } finally {
      mta.destroyForcibly();
    }
    assertThat(mta.exitValue()).as(String.join("\n", output)).isZero();
    try (FileSpool spool =
        FileSpool.open(
            FileSpoolOptions.of(work.resolve("spool"), Durability.FSYNC), SpoolObserver.NONE)) {
      assertThat(spool.recover()).hasSize(1);
    }
  }

  private void sendDuringShutdown(Process mta, int smtpPort) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", smtpPort)) {
      socket.setSoTimeout(30_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      assertThat(in.readLine()).startsWith("220 mx.main.example");
      out.write("HELO c\r\nMAIL FROM:<a@example.com>\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write("RCPT TO:<b@example.org>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 4; i++) {
        in.readLine();
      }
      out.write("Subject: in flight\r\n\r\nfirst half\r\n".getBytes(StandardCharsets.US_ASCII));

      // SIGTERM through the handle: Process.destroy() would also close our end of its stdout.
      mta.toHandle().destroy();
      Awaitility.await("drain to begin")
          .atMost(Duration.ofSeconds(20))
          .until(() -> output.stream().anyMatch(l -> l.contains("draining SMTP sessions")));
      assertThat(mta.isAlive()).as("waits for the transaction in flight").isTrue();
      out.write("second half\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(in.readLine()).startsWith("250 2.0.0 Ok: queued as ");
      assertThat(in.readLine()).startsWith("421 4.3.2 mx.main.example Service shutting down");
    }
    assertThat(mta.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
  }

  @Test
  void smtpTrafficShowsInTheAdminMetrics() throws Exception {
    Process mta = start(config());
    try {
      int[] ports = awaitUp(mta);
      try (Socket socket = new Socket("127.0.0.1", ports[0])) {
        socket.setSoTimeout(30_000);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(
            ("EHLO c\r\nFOO\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write("x\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        while (in.readLine() != null) {
          // until the server closes after QUIT
        }
      }
      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[1] + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(metrics.body().lines())
          .contains(
              "mailfleet_mta_messages_received_total{ingress=\"smtp\"} 1.0",
              "mailfleet_mta_messages_rejected_total{ingress=\"smtp\",reason=\"syntax\"} 1.0")
          .anyMatch(l -> l.startsWith("mailfleet_mta_connections_") && l.endsWith(" 1.0"));
    } finally {
      mta.toHandle().destroy();
      if (!mta.waitFor(30, TimeUnit.SECONDS)) {
        mta.destroyForcibly();
      }
    }
  }

  @Test
  void badConfigurationExitsWithStatus2AndNamesTheField() throws Exception {
    Process mta = start("smtp:\n  limits:\n    maxRecipients: -1\n");

    assertThat(mta.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(mta.exitValue()).isEqualTo(2);
    assertThat(List.copyOf(output))
        .anyMatch(l -> l.contains("invalid configuration: smtp.limits.maxRecipients"));
  }

  @Test
  void adminListenerBeyondLoopbackWithoutATokenFileRefusesToStartAndSaysWhatToSet()
      throws Exception {
    Process mta =
        start(
            config()
                .replace(
                    "admin: {address: 127.0.0.1, port: 0}", "admin: {address: 0.0.0.0, port: 0}"));

    assertThat(mta.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(mta.exitValue()).isEqualTo(2);
    assertThat(List.copyOf(output))
        .anyMatch(
            l ->
                l.contains("invalid configuration: admin.tokenFile: is required")
                    && l.contains("set tokenFile"));
  }
}
