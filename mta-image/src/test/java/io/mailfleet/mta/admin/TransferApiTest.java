package io.mailfleet.mta.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/v1/transfer} over real HTTP, on a held queue over a real file spool. */
class TransferApiTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final MtaMetrics metrics = new MtaMetrics();
  private FileSpool spool;
  private HeldQueueTransfers held;
  private AdminServer admin;

  @BeforeEach
  void start() throws InterruptedException {
    spool = FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), metrics);
    metrics.watchSpool(spool::stats);
    held = new HeldQueueTransfers(spool, metrics);
    admin =
        AdminServer.start(
            HttpListenerConfig.of("127.0.0.1", 0),
            spool,
            metrics,
            new AcceptGate(),
            Clock.systemUTC(),
            List::of,
            SiteAdmin.NONE,
            held.transfers);
  }

  @AfterEach
  void stop() throws InterruptedException {
    admin.close();
    held.close();
    spool.close();
  }

  @Test
  void getBeforeAnyTransferIs404() throws Exception {
    HttpResponse<String> res = send("GET", null);

    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(res.body()).isEqualTo("{\"error\":\"no transfer has run since start\"}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json                        | body is not JSON",
        "[\"a:25\"]                      | body must be a JSON object",
        "{}                              | peer: missing",
        "{\"peer\": 25}                  | peer: must be a string",
        "{\"peer\": \"mx.example\"}      | peer: not host:port: mx.example",
        "{\"peer\": \"mx.example:70000\"} | peer: port must be between 1 and 65535, was 70000",
        "{\"peer\": \"a b:25\"}          | peer: not host:port",
        "{\"peer\": \"a:25\", \"x\": 1}  | x: unknown field",
      })
  void badRequestIs400NamingTheProblemAndStartsNothing(String body, String error) throws Exception {
    HttpResponse<String> res = send("POST", body);

    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).startsWith("{\"error\":\"" + error.replace("\"", "\\\""));
    assertThat(send("GET", null).statusCode()).as("no transfer started").isEqualTo(404);
  }

  @Test
  void peerNotInTheTransferPeersIs403AndStartsNothing() throws Exception {
    queue("m1");

    HttpResponse<String> res = send("POST", "{\"peer\": \"mx.attacker.example:25\"}");

    assertThat(res.statusCode()).isEqualTo(403);
    assertThat(res.body())
        .isEqualTo("{\"error\":\"peer: mx.attacker.example is not in delivery.transferPeers\"}");
    assertThat(send("GET", null).statusCode()).as("no transfer started").isEqualTo(404);
    assertThat(held.queue.queued()).hasSize(1);
  }

  @Test
  void otherMethodsAre405() throws Exception {
    assertThat(send("PUT", "{}").statusCode()).isEqualTo(405);
    assertThat(send("DELETE", null).statusCode()).isEqualTo(405);
  }

  @Test
  void transferToAPortNobodyListensOnEndsFailedWithEverythingStillQueued() throws Exception {
    queue("m1");
    queue("m2");

    HttpResponse<String> started = send("POST", "{\"peer\": \"127.0.0.1:" + deadPort() + "\"}");

    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(started.body()).contains("\"state\":\"RUNNING\"");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> send("GET", null).body().contains("\"state\":\"FAILED\""));
    assertThat(send("GET", null).body())
        .contains("\"transferred\":0", "\"remaining\":2", "\"unconfirmed\":0")
        .contains("peer unreachable: 451 4.4.1 cannot connect to 127.0.0.1:");
    assertThat(spool.stats().messages()).isEqualTo(2);
    assertThat(held.queue.queued()).hasSize(2);
  }

  private void queue(String subject) throws Exception {
    Envelope envelope =
        new Envelope("a@example.com", List.of("b@example.org"), Instant.now(), "::1");
    SpoolWriter w = spool.begin(envelope);
    byte[] content =
        ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    w.write(ByteBuffer.wrap(content));
    MessageId id = w.commit().get(10, TimeUnit.SECONDS);
    held.queue.enqueue(new SpooledMessage(id, envelope, content.length));
  }

  private static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> send(String method, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/api/v1/transfer"))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
