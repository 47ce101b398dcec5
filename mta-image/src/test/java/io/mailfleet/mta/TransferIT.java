package io.mailfleet.mta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.delivery.SmtpSink;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/v1/transfer} end to end: MTA A (in-process, its queue going nowhere) relays its
 * queue over SMTP to a real peer: another mailfleet MTA, as a child process that may be killed with
 * SIGKILL halfway, or Postfix's smtp-sink refusing recipients.
 */
class TransferIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: <(t-[a-z0-9]+)@");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** About 2 KB of body in lines well under the 1000-octet limit. */
  private static final String FILLER = ("x".repeat(98) + "\n").repeat(20);

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> running = new ArrayList<>();
  private Mta mta;

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void everyQueuedMessageMovesToALivePeerAndLeavesTheLocalSpoolEmpty() throws Exception {
    // A's own deliveries go to a port nobody listens on and are retried in an hour.
    mta = startA("routes: {example.org: \"127.0.0.1:" + freePort() + "\"}");
    injectAll(50);
    inject("", "t-nullsender", "postmaster@example.org", "bounce-like");
    Mta peer = startInProcessPeer("b");

    JsonNode done = transferTo(peer.smtpAddresses().get(0).getPort());

    assertThat(done.get("state").asText()).isEqualTo("DONE");
    assertThat(done.get("transferred").asInt()).isEqualTo(51);
    assertThat(done.get("failed").asInt()).isZero();
    assertThat(done.get("unconfirmed").asInt()).isZero();
    assertThat(done.get("remaining").asInt()).isZero();
    assertThat(queued(mta.adminPort())).isZero();
    assertThat(
            metric(
                mta.adminPort(), "mailfleet_mta_transfer_messages_total{outcome=\"transferred\"}"))
        .isEqualTo(51);
    peer.close();
    Map<String, List<SpooledMessage>> onPeer = spooledById(work.resolve("b"));
    assertThat(onPeer).containsOnlyKeys(expectedIds(50, "t-nullsender"));
    assertThat(onPeer.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
    SpooledMessage nullSender = onPeer.get("t-nullsender").get(0);
    assertThat(nullSender.envelope().sender()).as("null sender stays null").isEmpty();
    assertThat(nullSender.envelope().recipients()).containsExactly("postmaster@example.org");
    assertThat(onPeer.get("t-7").get(0).envelope().sender()).isEqualTo("app@main.example");
    assertThat(onPeer.get("t-7").get(0).envelope().recipients())
        .containsExactly("rcpt-7@example.org");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-r", "-f"})
  void peerRefusingRecipientsLeavesEveryMessageQueuedAndReportsTheRefusals(String refusal)
      throws Exception {
    SmtpSink local = SmtpSink.start(freePort(), work.resolve("local"));
    running.add(local);
    mta = startA("paused: true", "routes: {example.org: \"127.0.0.1:" + local.port() + "\"}");
    injectAll(5);
    SmtpSink sink = SmtpSink.start(freePort(), work.resolve("sink"), refusal, "RCPT");
    running.add(sink);

    JsonNode done = transferTo(sink.port());

    assertThat(done.get("state").asText()).isEqualTo("DONE");
    assertThat(done.get("transferred").asInt()).isZero();
    assertThat(done.get("failed").asInt()).isEqualTo(5);
    assertThat(done.get("remaining").asInt()).isEqualTo(5);
    assertThat(done.get("lastError").asText()).startsWith(refusal.equals("-r") ? "450" : "500");
    assertThat(queued(mta.adminPort())).as("still queued, and no bounce was written").isEqualTo(5);
    assertThat(sink.received()).isEmpty();
    assertThat(
            metric(mta.adminPort(), "mailfleet_mta_transfer_messages_total{outcome=\"refused\"}"))
        .isEqualTo(5);
    await("paused delivery to stay paused after the transfer")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> local.received().isEmpty());
  }

  @Test
  void whatThePeerRefusedIsDeliveredLocallyOnceTheTransferEnds() throws Exception {
    int localPort = freePort();
    // Nobody listens on the route yet: the first attempts fail and are retried every second.
    mta =
        startA(
            "routes: {example.org: \"127.0.0.1:" + localPort + "\"}",
            "retry: {schedule: [1s], jitter: 0.0, maxAge: 1h}");
    injectAll(3);
    SmtpSink refusing = SmtpSink.start(freePort(), work.resolve("refusing"), "-f", "RCPT");
    running.add(refusing);

    assertThat(transferTo(refusing.port()).get("failed").asInt()).isEqualTo(3);
    SmtpSink local = SmtpSink.start(localPort, work.resolve("local"));
    running.add(local);

    await().atMost(PATIENCE).until(() -> queued(mta.adminPort()) == 0);
    assertThat(local.received()).hasSize(3);
  }

  @ParameterizedTest
  @CsvSource({
    // The peer hangs up after the final dot without replying: it may have the message.
    "., 4",
    // The peer hangs up at DATA: it cannot have the message.
    "DATA, 0"
  })
  void peerHangingUpCountsUnconfirmedOnlyAfterTheFinalDotAndKeepsTheMessage(
      String hangUpAfter, int unconfirmed) throws Exception {
    mta = startA("paused: true");
    injectAll(1);
    SmtpSink rude = SmtpSink.start(freePort(), work.resolve("rude"), "-q", hangUpAfter);
    running.add(rude);

    JsonNode failed = transferTo(rude.port());

    assertThat(failed.get("state").asText()).isEqualTo("FAILED");
    assertThat(failed.get("unconfirmed").asInt())
        .as("one per attempt, 1 + %d reconnects", 3)
        .isEqualTo(unconfirmed);
    assertThat(failed.get("remaining").asInt()).isEqualTo(1);
    assertThat(queued(mta.adminPort())).isEqualTo(1);
    assertThat(
            metric(
                mta.adminPort(), "mailfleet_mta_transfer_messages_total{outcome=\"unconfirmed\"}"))
        .isEqualTo(unconfirmed);
  }

  @Test
  void secondTransferWhileOneRunsIs409AndOneAfterItEndsStarts() throws Exception {
    mta = startA("paused: true");
    injectAll(2);
    // A real SMTP peer that takes 2 seconds to answer each DATA.
    SmtpSink slow = SmtpSink.start(freePort(), work.resolve("slow"), "-w", "2");
    running.add(slow);
    String body = "{\"peer\": \"127.0.0.1:" + slow.port() + "\"}";

    assertThat(post(mta.adminPort(), body).statusCode()).isEqualTo(202);
    HttpResponse<String> second = post(mta.adminPort(), body);

    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.body()).contains("is already running", "\"state\":\"RUNNING\"");
    await()
        .atMost(PATIENCE)
        .until(() -> state(mta.adminPort()).get("state").asText().equals("DONE"));
    assertThat(state(mta.adminPort()).get("transferred").asInt()).isEqualTo(2);
    assertThat(post(mta.adminPort(), body).statusCode()).as("after the end").isEqualTo(202);
  }

  @Test
  void peerKilledHalfwayLeavesTheRestQueuedAndARetryAfterItsRestartLosesNothing() throws Exception {
    int count = 400;
    mta = startA("paused: true");
    injectAll(count);
    Path peerDir = work.resolve("b");
    int[] ports = {freePort(), freePort(), freePort()};
    Path peerConfig = writeConfig(peerDir, "paused: true", ports);
    ChildJvm peer = startChildPeer(peerConfig, ports[1]);

    long started = System.nanoTime();
    assertThat(post(mta.adminPort(), "{\"peer\": \"127.0.0.1:" + ports[0] + "\"}").statusCode())
        .isEqualTo(202);
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(5))
        .until(() -> state(mta.adminPort()).get("transferred").asInt() >= count / 2);
    peer.kill();
    double seconds = (System.nanoTime() - started) / 1e9;
    await()
        .atMost(PATIENCE)
        .until(() -> !state(mta.adminPort()).get("state").asText().equals("RUNNING"));
    JsonNode cut = state(mta.adminPort());
    System.out.printf(
        "transfer to a live peer: %d messages in %.2f s (%.0f messages/s) before kill -9%n",
        cut.get("transferred").asInt(), seconds, cut.get("transferred").asInt() / seconds);

    assertThat(cut.get("state").asText()).isEqualTo("FAILED");
    assertThat(cut.get("lastError").asText()).startsWith("peer unreachable:");
    assertThat(cut.get("remaining").asInt())
        .isPositive()
        .isEqualTo(count - cut.get("transferred").asInt());
    assertThat(queued(mta.adminPort())).isEqualTo(cut.get("remaining").asInt());

    peer = startChildPeer(peerConfig, ports[1]);
    JsonNode done = transferTo(ports[0]);
    assertThat(done.get("state").asText()).isEqualTo("DONE");
    assertThat(done.get("transferred").asInt()).isEqualTo(cut.get("remaining").asInt());
    assertThat(queued(mta.adminPort())).isZero();
    peer.terminate();

    Map<String, List<SpooledMessage>> onPeer = spooledById(peerDir);
    assertThat(onPeer).containsOnlyKeys(expectedIds(count));
    int duplicates = onPeer.values().stream().mapToInt(copies -> copies.size() - 1).sum();
    int unconfirmed = cut.get("unconfirmed").asInt() + done.get("unconfirmed").asInt();
    System.out.printf(
        "duplicates on the peer: %d, unconfirmed reported: %d%n", duplicates, unconfirmed);
    assertThat(duplicates).isLessThanOrEqualTo(unconfirmed);
    assertThat(unconfirmed)
        .as("one connection, one transaction cut at most")
        .isLessThanOrEqualTo(1);
  }

  /** Starts A with these lines in its delivery section; its own retries wait an hour by default. */
  private Mta startA(String... delivery) throws IOException, InterruptedException {
    String lines = String.join("\n  ", delivery);
    if (!lines.contains("retry:")) {
      lines += "\n  retry: {schedule: [1h], jitter: 0.0, maxAge: 72h}";
    }
    Path config = writeConfig(work.resolve("a"), lines, new int[] {0, 0, 0});
    Mta a = Mta.start(new ConfigLoader().load(config));
    running.add(a);
    return a;
  }

  private Mta startInProcessPeer(String name) throws IOException, InterruptedException {
    Mta peer =
        Mta.start(
            new ConfigLoader()
                .load(writeConfig(work.resolve(name), "paused: true", new int[] {0, 0, 0})));
    running.add(peer);
    return peer;
  }

  private ChildJvm startChildPeer(Path config, int adminPort) throws IOException {
    ChildJvm peer = ChildJvm.start(work, MtaMain.class.getName(), "--config", config.toString());
    running.add(peer);
    await("peer MTA /readyz to answer 200")
        .atMost(PATIENCE)
        .failFast("peer MTA exited: " + peer.stderr(), () -> !peer.isAlive())
        .ignoreExceptions()
        .until(() -> get(adminPort, "/readyz").statusCode() == 200);
    return peer;
  }

  /** A config for an MTA named after its spool directory; ports: SMTP, admin, injection. */
  private Path writeConfig(Path spool, String delivery, int[] ports) throws IOException {
    Path file = work.resolve(spool.getFileName() + ".yaml");
    Files.writeString(
        file,
        """
        hostname: %s.transfer.test
        smtp:
          listeners:
            - {name: submission, address: 127.0.0.1, port: %d, proxyProtocol: false}
        spool: {directory: %s, durability: FSYNC}
        admin: {address: 127.0.0.1, port: %d}
        inject: {address: 127.0.0.1, port: %d}
        delivery:
          timeouts: {connect: 5s, command: 10s, data: 10s}
          transferPeers: [127.0.0.1]
          %s
        """
            .formatted(spool.getFileName(), ports[0], spool, ports[1], ports[2], delivery));
    return file;
  }

  private void injectAll(int count) throws IOException, InterruptedException {
    for (int i = 0; i < count; i++) {
      inject("app@main.example", "t-" + i, "rcpt-" + i + "@example.org", FILLER);
    }
  }

  private void inject(String sender, String id, String recipient, String filler)
      throws IOException, InterruptedException {
    String message =
        "Message-ID: <" + id + "@transfer.test>\nSubject: " + id + "\n\n" + filler + "\n";
    String body =
        JSON.writeValueAsString(
            Map.of("sender", sender, "recipients", List.of(recipient), "message", message));
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + mta.injectPort() + "/api/v1/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
  }

  /** Starts a transfer from A to the SMTP port and waits for it to end. */
  private JsonNode transferTo(int smtpPort) throws Exception {
    HttpResponse<String> started =
        post(mta.adminPort(), "{\"peer\": \"127.0.0.1:" + smtpPort + "\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    await("transfer to end")
        .atMost(PATIENCE)
        .until(() -> !state(mta.adminPort()).get("state").asText().equals("RUNNING"));
    return state(mta.adminPort());
  }

  private JsonNode state(int adminPort) throws IOException, InterruptedException {
    HttpResponse<String> res = get(adminPort, "/api/v1/transfer");
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return JSON.readTree(res.body());
  }

  private long queued(int adminPort) throws IOException, InterruptedException {
    return JSON.readTree(get(adminPort, "/api/v1/queue").body()).get("messages").asLong();
  }

  private double metric(int adminPort, String series) throws IOException, InterruptedException {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
            .matcher(get(adminPort, "/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** The spool's messages (after its MTA stopped) by the id in their Message-ID header. */
  private static Map<String, List<SpooledMessage>> spooledById(Path dir) throws IOException {
    Map<String, List<SpooledMessage>> byId = new HashMap<>();
    try (FileSpool spool =
        FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), SpoolObserver.NONE)) {
      for (SpooledMessage m : spool.recover()) {
        String content;
        try (InputStream in = spool.open(m.id())) {
          content = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Matcher id = MESSAGE_ID.matcher(content);
        byId.computeIfAbsent(id.find() ? id.group(1) : "(none)", k -> new ArrayList<>()).add(m);
      }
    }
    return byId;
  }

  private static String[] expectedIds(int count, String... more) {
    List<String> ids = new ArrayList<>(IntStream.range(0, count).mapToObj(i -> "t-" + i).toList());
    ids.addAll(List.of(more));
    return ids.toArray(String[]::new);
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int port, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/transfer"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
