package io.mailfleet.mta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.SpoolObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MTA with its spool on a 2 MiB tmpfs (mounted here, as root): filled up, it answers 4xx and
 * reports itself not ready; freed, it answers 250 again without a restart, and every message it
 * acknowledged is still in the spool.
 */
class SpoolFullIT {

  private static final Pattern QUEUED_AS = Pattern.compile("^250 .*queued as (\\S+)$");
  private static final long FLOOR = 256 * 1024;

  @TempDir Path work;
  private Path spool;
  private boolean mounted;
  private Mta mta;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void mountSmallSpoolVolume() throws Exception {
    spool = Files.createDirectory(work.resolve("spool"));
    run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", spool.toString());
    mounted = true;
  }

  @AfterEach
  void stopAndUnmount() throws Exception {
    if (mta != null) {
      mta.close();
    }
    if (mounted) {
      run("umount", spool.toString());
    }
  }

  @Test
  void fullSpoolAnswers4xxAndAccepts250AgainOnceSpaceIsFreedWithoutARestart() throws Exception {
    mta = Mta.start(new ConfigLoader().load(config()));
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      acknowledged.add(queued(send("before " + i)));
    }
    assertThat(get("/readyz").statusCode()).isEqualTo(200);

    String lastWord;
    Path filler = work.resolve("spool").resolve("filler");
    try (SmtpDialogue open = new SmtpDialogue(mta.smtpAddresses().get(0))) {
      open.send("HELO client.test");
      open.send("MAIL FROM:<sender@main.example>");
      open.send("RCPT TO:<rcpt@example.test>");
      assertThat(open.send("DATA")).startsWith("354");
      fill(filler);
      lastWord = open.data(message("written to a full disk", 64 * 1024));
    }
    assertThat(lastWord).startsWith("451 4.3.0");
    try (SmtpDialogue late = new SmtpDialogue(mta.smtpAddresses().get(0))) {
      late.send("HELO client.test");
      assertThat(late.send("MAIL FROM:<sender@main.example>")).startsWith("452 4.3.1");
    }
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("mailfleet_mta_spool_refusing 1.0");

    Files.delete(filler);

    await("ready again")
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/readyz").statusCode() == 200);
    for (int i = 0; i < 3; i++) {
      acknowledged.add(queued(send("after " + i)));
    }
    assertThat(get("/metrics").body()).contains("mailfleet_mta_spool_refusing 0.0");
    mta.close();
    mta = null;
    try (FileSpool reopened =
        FileSpool.open(FileSpoolOptions.of(spool, Durability.FSYNC), SpoolObserver.NONE)) {
      assertThat(reopened.recover())
          .extracting(m -> m.id().value())
          .containsExactlyInAnyOrderElementsOf(acknowledged);
    }
  }

  private Path config() throws IOException {
    Path config = work.resolve("mta.yaml");
    Files.writeString(
        config,
        """
        hostname: mta.main.example
        smtp:
          listeners:
            - {name: submission, address: 127.0.0.1, port: 0, proxyProtocol: false}
        spool: {directory: %s, durability: FSYNC, minFreeBytes: %d}
        admin: {address: 127.0.0.1, port: 0}
        inject: {address: 127.0.0.1, port: 0}
        delivery: {paused: true}
        """
            .formatted(spool, FLOOR));
    return config;
  }

  /** One message over a fresh connection; returns the reply to its final dot. */
  private String send(String subject) throws IOException {
    try (SmtpDialogue smtp = new SmtpDialogue(mta.smtpAddresses().get(0))) {
      smtp.send("HELO client.test");
      assertThat(smtp.send("MAIL FROM:<sender@main.example>")).startsWith("250");
      assertThat(smtp.send("RCPT TO:<rcpt@example.test>")).startsWith("250");
      assertThat(smtp.send("DATA")).startsWith("354");
      return smtp.data(message(subject, 64 * 1024));
    }
  }

  private static String queued(String reply) {
    Matcher m = QUEUED_AS.matcher(reply);
    assertThat(m.matches()).as("acknowledged: " + reply).isTrue();
    return m.group(1);
  }

  private static String message(String subject, int bodyBytes) {
    StringBuilder body = new StringBuilder("Subject: " + subject + "\r\n\r\n");
    while (body.length() < bodyBytes) {
      body.append("x".repeat(70)).append("\r\n");
    }
    return body.toString();
  }

  /** Writes a file until the volume is full. */
  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      assertThat(e).hasMessageContaining("No space left");
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mta.adminPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed: this test fails, never skips, when it cannot mount. */
  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s (needs root): %s", String.join(" ", command), output).isZero();
  }
}
