package io.mailfleet.mta;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.spool.ChildJvm;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.SpoolObserver;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise end to end: the real MTA process ({@link MtaMain}) takes mail over SMTP from 50
 * sessions, is killed with SIGKILL mid-load, restarts, and every message it answered 250 to is in
 * its spool exactly once with the body that was sent.
 */
class MtaCrashIT {

  private static final int SESSIONS = 50;
  private static final int ACKS_BEFORE_KILL = 500;
  private static final Pattern SEED = Pattern.compile("\r\nX-Load-Seed: (\\d+)\r\n");
  private static final Pattern QUEUED_AS = Pattern.compile("queued as ([A-Za-z0-9._-]+)");

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();

  @RepeatedTest(3)
  void messageAnswered250BeforeKillMinus9IsInTheSpoolExactlyOnceAfterRestart() throws Exception {
    Path spoolDir = work.resolve("spool");
    int smtpPort = freePort();
    int adminPort = freePort();
    Path config = writeConfig(spoolDir, smtpPort, adminPort, freePort());
    Queue<SmtpLoadClient.Accepted> accepted = new ConcurrentLinkedQueue<>();
    Queue<String> refusals = new ConcurrentLinkedQueue<>();

    try (ChildJvm mta = startMta(config, adminPort)) {
      AtomicInteger seeds = new AtomicInteger();
      List<Thread> sessions = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        Thread t = new Thread(new SmtpLoadClient("127.0.0.1", smtpPort, seeds, accepted, refusals));
        t.start();
        sessions.add(t);
      }
      Awaitility.await("MTA to answer 250 to " + ACKS_BEFORE_KILL + " messages")
          .atMost(Duration.ofSeconds(120))
          .failFast("MTA exited", () -> !mta.isAlive())
          .until(() -> accepted.size() >= ACKS_BEFORE_KILL);
      mta.kill();
      Awaitility.await("SMTP sessions to see the kill")
          .atMost(Duration.ofSeconds(30))
          .until(() -> sessions.stream().noneMatch(Thread::isAlive));
    }
    assertThat(refusals).as("replies other than the expected ones before the kill").isEmpty();

    try (ChildJvm restarted = startMta(config, adminPort)) {
      HttpResponse<String> queue = get(adminPort, "/api/v1/queue");
      assertThat(queue.statusCode()).isEqualTo(200);
      long queued = Long.parseLong(queue.body().replaceAll(".*\"messages\":(\\d+).*", "$1"));
      assertThat(queued).as("queue after restart").isGreaterThanOrEqualTo(accepted.size());
      restarted.terminate();
      assertThat(restarted.exitCode()).as("exit status after SIGTERM").isZero();
    }

    Map<Integer, List<SpooledMessage>> bySeed = new HashMap<>();
    Map<Integer, String> bodies = new HashMap<>();
    try (FileSpool spool =
        FileSpool.open(FileSpoolOptions.of(spoolDir, Durability.FSYNC), SpoolObserver.NONE)) {
      for (SpooledMessage m : spool.recover()) {
        String content = read(spool, m);
        Matcher seed = SEED.matcher(content);
        assertThat(seed.find()).as("X-Load-Seed in %s", m.id()).isTrue();
        int s = Integer.parseInt(seed.group(1));
        bySeed.computeIfAbsent(s, k -> new ArrayList<>()).add(m);
        bodies.put(s, content.substring(content.indexOf("\r\n\r\n") + 4));
      }
    }
    for (SmtpLoadClient.Accepted a : accepted) {
      List<SpooledMessage> copies = bySeed.getOrDefault(a.seed(), List.of());
      assertThat(copies).as("spooled copies of message %d (%s)", a.seed(), a.reply()).hasSize(1);
      Matcher id = QUEUED_AS.matcher(a.reply());
      if (id.find()) {
        assertThat(copies.get(0).id().value()).isEqualTo(id.group(1));
      }
      assertThat(copies.get(0).envelope().recipients())
          .containsExactly("rcpt-" + a.seed() + "@example.org");
      assertThat(bodies.get(a.seed()))
          .as("body of message %d", a.seed())
          .isEqualTo(SmtpLoadClient.bodyFor(a.seed()));
    }
  }

  private ChildJvm startMta(Path config, int adminPort) throws IOException {
    ChildJvm mta = ChildJvm.start(work, MtaMain.class.getName(), "--config", config.toString());
    Awaitility.await("MTA admin /readyz to answer 200")
        .atMost(Duration.ofSeconds(60))
        .failFast("MTA exited: " + mta.stderr(), () -> !mta.isAlive())
        .ignoreExceptions()
        .until(() -> get(adminPort, "/readyz").statusCode() == 200);
    return mta;
  }

  private Path writeConfig(Path spoolDir, int smtpPort, int adminPort, int injectPort)
      throws IOException {
    Path file = work.resolve("mta.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "hostname: crash-test.localdomain",
            "smtp:",
            "  listeners:",
            "    - name: submission",
            "      address: 127.0.0.1",
            "      port: " + smtpPort,
            "      proxyProtocol: false",
            "spool:",
            "  directory: " + spoolDir,
            "  durability: FSYNC",
            "admin:",
            "  address: 127.0.0.1",
            "  port: " + adminPort,
            "inject:",
            "  address: 127.0.0.1",
            "  port: " + injectPort,
            // This test is about the spool keeping mail: nothing leaves it.
            "delivery:",
            "  paused: true",
            ""));
    return file;
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String read(FileSpool spool, SpooledMessage m) throws IOException {
    try (InputStream in = spool.open(m.id())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
