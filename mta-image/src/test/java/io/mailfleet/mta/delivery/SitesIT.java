package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mta.Mta;
import io.mailfleet.mta.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites with real peers: dnsmasq serves MX records for the {@code .test} zone on 127.0.0.170,
 * smtp-sink stands in for the mail exchangers; the admin API shows the sites as an operator sees
 * them.
 */
class SitesIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String DNS = "127.0.0.170";
  private static final String SHARED_MX = "127.0.0.171";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> peers = new ArrayList<>();
  private SmtpSink senders;
  private SmtpSink refusing;
  private Mta mta;
  private MetricsProbe metrics;

  @BeforeEach
  void startSendersSink() throws IOException {
    senders = peer(SmtpSink.start(SmtpSink.freePort(), work.resolve("senders")));
  }

  @AfterEach
  void stop() throws Exception {
    if (mta != null) {
      mta.close();
    }
    if (refusing != null) {
      refusing.close();
    }
    for (AutoCloseable peer : peers) {
      peer.close();
    }
  }

  private <T extends AutoCloseable> T peer(T peer) {
    peers.add(peer);
    return peer;
  }

  /** Starts the MTA with {@code delivery} (YAML lines, indented under {@code delivery:}). */
  private void startMta(String resolver, String delivery) throws Exception {
    Path config = work.resolve("mta.yaml");
    Files.writeString(
        config,
        SenderConfig.loopback(work.resolve("spool"))
            + """
        delivery:
          dns: {resolver: %s}
          timeouts: {connect: 5s, command: 10s, data: 10s}
          retry: {schedule: [200ms, 400ms, 500ms], jitter: 0.2, maxAge: 72h}
        %s
        """
                .formatted(resolver, delivery.indent(2)));
    mta = Mta.start(new ConfigLoader().load(config));
    metrics = new MetricsProbe(mta.adminPort());
  }

  private String routes(String... domainsAndPorts) {
    StringBuilder routes = new StringBuilder("routes:\n");
    routes.append("  main.example: \"127.0.0.1:").append(senders.port()).append("\"\n");
    for (int i = 0; i < domainsAndPorts.length; i += 2) {
      routes
          .append("  ")
          .append(domainsAndPorts[i])
          .append(": \"127.0.0.1:")
          .append(domainsAndPorts[i + 1])
          .append("\"\n");
    }
    return routes.toString();
  }

  private void submit(String subject, String recipient) throws Exception {
    SmtpSubmitter.submit(
        mta.smtpAddresses().get(0),
        "sender@main.example",
        List.of(recipient),
        "From: sender@main.example\r\nSubject: " + subject + "\r\n\r\nhello\r\n");
  }

  private HttpResponse<String> admin(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mta.adminPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<JsonNode> sites() throws Exception {
    HttpResponse<String> reply = admin("GET", "/api/v1/sites");
    assertThat(reply.statusCode()).isEqualTo(200);
    return StreamSupport.stream(JSON.readTree(reply.body()).spliterator(), false).toList();
  }

  private JsonNode site(String name) throws Exception {
    return sites().stream()
        .filter(s -> s.get("name").asText().equals(name))
        .findFirst()
        .orElse(null);
  }

  @Test
  void domainsSharingMailExchangersAreOneSiteAndBothAreDelivered() throws Exception {
    Dnsmasq dns =
        peer(
            Dnsmasq.start(
                DNS,
                work.resolve("dnsmasq.log"),
                "--mx-host=alpha.test,mx1.shared.test,10",
                "--mx-host=beta.test,mx1.shared.test,10",
                "--host-record=mx1.shared.test," + SHARED_MX));
    SmtpSink shared = peer(SmtpSink.start(SHARED_MX, 25, work.resolve("shared")));
    startMta("\"" + dns.resolver() + "\"", routes());

    submit("to alpha", "someone@alpha.test");
    submit("to beta", "someone@beta.test");

    await().atMost(PATIENCE).until(() -> metrics.outcome("delivered") == 2);
    assertThat(shared.received()).hasSize(2);
    JsonNode site = site("mx1.shared.test");
    assertThat(site).isNotNull();
    assertThat(site.get("pool").asText()).isEqualTo("default");
    assertThat(site.get("label").asText()).isEqualTo("other");
    assertThat(site.get("domains"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("alpha.test", "beta.test");
    assertThat(sites()).extracting(s -> s.get("name").asText()).doesNotContain("alpha.test");
    assertThat(site.get("limits").get("maxConnections").asInt()).isEqualTo(20);
  }

  @Test
  void siteOutOfTokensDeliversWhatItMayAndKeepsTheRestQueued() throws Exception {
    int port = SmtpSink.freePort();
    SmtpSink sink = peer(SmtpSink.start(port, work.resolve("slow")));
    startMta(
        "null",
        routes("slow.test", String.valueOf(port))
            + """
            shaping:
              sites:
                - name: slow
                  domains: [slow.test]
                  limits: {messagesPerMinute: 2}
            """);

    for (int i = 0; i < 5; i++) {
      submit("paced " + i, "user" + i + "@slow.test");
    }

    await()
        .atMost(PATIENCE)
        .until(
            () -> metrics.outcome("delivered") == 2 && site("slow").get("readyJobs").asInt() == 3);
    JsonNode slow = site("slow");
    assertThat(slow.get("waitingForTokensUntil").isNull()).isFalse();
    assertThat(slow.get("limits").get("messagesPerMinute").asInt()).isEqualTo(2);
    assertThat(slow.get("suspendedUntil").isNull()).isTrue();
    assertThat(sink.received()).hasSize(2);
    assertThat(metrics.outcome("deferred")).isZero();
    assertThat(metrics.spooled()).isEqualTo(3);
    assertThat(metricsText())
        .contains("mailfleet_mta_delivery_queue_messages{pool=\"default\"} 3")
        .contains("mailfleet_mta_delivery_connections_open{pool=\"default\"} 0");
  }

  /** A site that suspends after two 4xx replies, routed to a sink that refuses RCPT with 450. */
  private int startTouchySite(String suspendFor) throws Exception {
    int port = SmtpSink.freePort();
    refusing = SmtpSink.start(port, work.resolve("refusing"), "-r", "RCPT");
    startMta(
        "null",
        routes("touchy.test", String.valueOf(port))
            + """
            shaping:
              sites:
                - name: touchy
                  domains: [touchy.test]
                  limits: {}
                  suspension: {deferrals: 2, within: 1m, pattern: "^4", suspendFor: %s}
            """
                .formatted(suspendFor));
    return port;
  }

  /** Waits for the suspension, then replaces the refusing sink by an accepting one. */
  private SmtpSink suspendedThenAccepting(int port) throws Exception {
    await()
        .atMost(PATIENCE)
        .until(() -> site("touchy") != null && !site("touchy").get("suspendedUntil").isNull());
    assertThat(site("touchy").get("suspendReason").asText()).contains("2 deferrals");
    assertThat(metricsText())
        .contains("mailfleet_mta_delivery_sites_suspended{pool=\"default\",site=\"touchy\"} 1");
    refusing.close();
    return peer(SmtpSink.start(port, work.resolve("accepting")));
  }

  private String metricsText() throws Exception {
    return admin("GET", "/metrics").body();
  }

  @Test
  void repeatedDeferralsSuspendTheSiteUntilItsTimeRunsOut() throws Exception {
    int port = startTouchySite("5s");

    submit("after a pause", "someone@touchy.test");
    SmtpSink accepting = suspendedThenAccepting(port);

    await().atMost(PATIENCE).until(() -> metrics.outcome("delivered") == 1);
    assertThat(accepting.received()).singleElement().asString().contains("Subject: after a pause");
    assertThat(metrics.outcome("deferred")).as("no attempt while suspended").isEqualTo(2);
    assertThat(site("touchy").get("suspendedUntil").isNull()).isTrue();
  }

  @Test
  void suspendedSiteResumedThroughTheAdminApiDeliversAtOnce() throws Exception {
    int port = startTouchySite("1h");
    assertThat(admin("POST", "/api/v1/sites/touchy/resume").statusCode())
        .as("unknown until mail goes there")
        .isEqualTo(404);

    submit("resumed by hand", "someone@touchy.test");
    SmtpSink accepting = suspendedThenAccepting(port);
    assertThat(admin("GET", "/api/v1/sites/touchy/resume").statusCode()).isEqualTo(405);
    HttpResponse<String> resumed = admin("POST", "/api/v1/sites/touchy/resume");

    assertThat(resumed.statusCode()).isEqualTo(200);
    await().atMost(PATIENCE).until(() -> metrics.outcome("delivered") == 1);
    assertThat(accepting.received())
        .singleElement()
        .asString()
        .contains("Subject: resumed by hand");
    assertThat(metrics.outcome("deferred")).isEqualTo(2);
  }

  @Test
  void siteSuspendedThroughTheAdminApiHoldsItsMailForTheGivenTime() throws Exception {
    int port = SmtpSink.freePort();
    SmtpSink sink = peer(SmtpSink.start(port, work.resolve("held")));
    startMta("null", routes("held.test", String.valueOf(port)));
    submit("first", "someone@held.test");
    await().atMost(PATIENCE).until(() -> metrics.outcome("delivered") == 1);
    String site = "127.0.0.1:" + port;

    HttpResponse<String> suspended = admin("POST", "/api/v1/sites/" + site + "/suspend?for=1h");
    submit("second", "someone@held.test");

    assertThat(suspended.statusCode()).isEqualTo(200);
    await().atMost(PATIENCE).until(() -> site(site).get("readyJobs").asInt() == 1);
    assertThat(site(site).get("suspendReason").asText()).isEqualTo("suspended by hand");
    assertThat(sink.received()).hasSize(1);
    assertThat(admin("POST", "/api/v1/sites/nowhere/suspend").statusCode()).isEqualTo(404);
    assertThat(admin("POST", "/api/v1/sites/" + site + "/suspend?for=soon").statusCode())
        .isEqualTo(400);
  }
}
