package io.mailfleet.mta.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.Ingress;
import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolCondition;
import io.mailfleet.mta.spool.SpoolStats;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP on loopback, backed by a real file spool. */
class AdminServerTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final AcceptGate gate = new AcceptGate();
  private final MtaMetrics metrics = new MtaMetrics();
  private FileSpool spool;
  private FileSpool extra;
  private AdminServer admin;
  private HeldQueueTransfers transfers;

  @BeforeEach
  void start() throws InterruptedException {
    spool = FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), metrics);
    metrics.watchSpool(spool::stats);
    transfers = new HeldQueueTransfers(spool, metrics);
    admin = startAdmin(spool);
  }

  @AfterEach
  void stop() throws InterruptedException {
    admin.close();
    transfers.close();
    spool.close();
    if (extra != null) {
      extra.close();
    }
  }

  @Test
  void sitesAreEmptyAndUnknownSitesAre404WhileNoSiteIsKnown() throws Exception {
    HttpResponse<String> sites = get("/api/v1/sites");

    assertThat(sites.statusCode()).isEqualTo(200);
    assertThat(sites.body()).isEqualTo("[]");
    assertThat(post("/api/v1/sites/google/suspend").statusCode()).isEqualTo(404);
    assertThat(post("/api/v1/sites/google/resume").statusCode()).isEqualTo(404);
    assertThat(post("/api/v1/sites/google/explode").statusCode()).isEqualTo(404);
  }

  @Test
  void siteActionsTakeOnlyPostAndTheListOnlyGet() throws Exception {
    HttpResponse<String> wrong = get("/api/v1/sites/google/suspend");

    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.body()).contains("use POST");
    assertThat(post("/api/v1/sites").statusCode()).isEqualTo(405);
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<String> res = get("/healthz");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("ok\n");
  }

  @Test
  void drainStopsAcceptingAndTurnsReadinessFalse() throws Exception {
    assertThat(get("/readyz").statusCode()).isEqualTo(200);

    HttpResponse<String> drained = post("/api/v1/drain");

    assertThat(drained.statusCode()).isEqualTo(202);
    assertThat(drained.body()).contains("\"draining\":true");
    assertThat(gate.isOpen()).isFalse();
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("draining\n");
    assertThat(post("/api/v1/drain").statusCode()).as("second drain").isEqualTo(200);
  }

  @Test
  void undrainReopensIntakeAndReadinessAfterADrain() throws Exception {
    post("/api/v1/drain");

    HttpResponse<String> undrained = post("/api/v1/undrain");

    assertThat(undrained.statusCode()).isEqualTo(200);
    assertThat(undrained.body()).contains("\"draining\":false");
    assertThat(gate.isOpen()).isTrue();
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/undrain").statusCode()).as("second undrain").isEqualTo(200);
  }

  @Test
  void undrainCannotReopenAnMtaThatShutsDown() throws Exception {
    gate.shutDown();

    HttpResponse<String> refused = post("/api/v1/undrain");

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(gate.isOpen()).isFalse();
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
  }

  @Test
  void readinessIsFalseWhenTheSpoolIsUnavailable() throws Exception {
    spool.close();

    HttpResponse<String> ready = get("/readyz");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("spool closed\n");
  }

  @Test
  void spoolLowOnSpaceTurnsReadinessFalseButTheMtaStaysLive() throws Exception {
    extra =
        FileSpool.open(
            FileSpoolOptions.of(dir.resolve("full"), Durability.FSYNC)
                .withFailureLimits(Long.MAX_VALUE, Duration.ofMinutes(5)),
            metrics);
    serve(extra);

    HttpResponse<String> ready = get("/readyz");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("spool low on space\n");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void spoolThatCannotMakeProgressFailsLiveness() throws Exception {
    serve(new StalledSpool(spool));

    HttpResponse<String> live = get("/healthz");

    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(live.body()).isEqualTo("spool writes failing too long\n");
    assertThat(get("/readyz").body()).isEqualTo("spool writes failing\n");
  }

  /** Restarts the admin server on {@code other}. */
  private void serve(Spool other) throws InterruptedException {
    admin.close();
    admin = startAdmin(other);
  }

  private AdminServer startAdmin(Spool served) throws InterruptedException {
    return AdminServer.start(
        HttpListenerConfig.of("127.0.0.1", 0),
        served,
        metrics,
        gate,
        Clock.fixed(NOW, ZoneOffset.UTC),
        List::of,
        SiteAdmin.NONE,
        transfers.transfers);
  }

  /** A spool whose writes have failed for too long; everything else is the real one's. */
  private record StalledSpool(Spool real) implements Spool {

    @Override
    public SpoolWriter begin(Envelope envelope) {
      return real.begin(envelope);
    }

    @Override
    public List<SpooledMessage> recover() {
      return real.recover();
    }

    @Override
    public InputStream open(MessageId id) {
      return real.open(id);
    }

    @Override
    public CompletableFuture<Void> complete(MessageId id) {
      return real.complete(id);
    }

    @Override
    public SpoolStats stats() {
      return real.stats();
    }

    @Override
    public boolean isAvailable() {
      return false;
    }

    @Override
    public SpoolCondition condition() {
      return SpoolCondition.WRITES_FAILING;
    }

    @Override
    public boolean makesProgress() {
      return false;
    }

    @Override
    public void close() {
      // the real spool is closed by the test
    }
  }

  @Test
  void queueReportsCountsBytesAndOldestAge() throws Exception {
    store(NOW.minusSeconds(300), 1000);
    store(NOW.minusSeconds(20), 24);

    HttpResponse<String> res = get("/api/v1/queue");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(res.body())
        .isEqualTo("{\"messages\":2,\"bytes\":1024,\"oldestAgeSeconds\":300,\"draining\":false}");
  }

  @Test
  void metricsExposeSpoolFsyncAndRejectionFigures() throws Exception {
    store(NOW, 512);
    metrics.messageRejected(Ingress.SMTP, RejectReason.TOO_MANY_RECIPIENTS);
    metrics.connectionOpened();

    HttpResponse<String> res = get("/metrics");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(res.body())
        .contains("mailfleet_mta_spool_messages 1.0")
        .contains("mailfleet_mta_spool_bytes 512.0")
        .contains("mailfleet_mta_connections_open 1.0")
        .contains("mailfleet_mta_connections_accepted_total 1.0")
        .contains(
            "mailfleet_mta_messages_rejected_total{ingress=\"smtp\",reason=\"too_many_recipients\"} 1.0")
        .contains("mailfleet_mta_spool_fsync_batch_size_count 1")
        .contains("mailfleet_mta_spool_fsync_duration_seconds_bucket");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/drain").statusCode()).isEqualTo(405);
    assertThat(gate.isOpen()).isTrue();
  }

  private void store(Instant receivedAt, int bytes) throws Exception {
    SpoolWriter w =
        spool.begin(new Envelope("a@example.com", List.of("b@example.com"), receivedAt, "::1"));
    w.write(ByteBuffer.allocate(bytes));
    w.commit().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + admin.port() + path);
  }
}
