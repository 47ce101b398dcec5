package io.mailfleet.mta.inject;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The injection API over real HTTP on loopback, into a real file spool. */
class InjectServerTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final AcceptGate gate = new AcceptGate();
  private final MtaMetrics metrics = new MtaMetrics();
  private FileSpool spool;
  private InjectServer inject;

  @BeforeEach
  void start() {
    spool = FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), metrics);
    inject = startInject();
  }

  private InjectServer startInject() {
    return InjectServer.start(
        HttpListenerConfig.of("127.0.0.1", 0), 25L << 20, spool, metrics, gate, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    inject.close();
    spool.close();
  }

  @Test
  void acceptedMessageIsAnswered202WithTheIdOfADurablySpooledMessage() throws Exception {
    HttpResponse<String> res =
        post(
            """
            {"sender": "app@example.com", "recipients": ["a@example.org", "b@example.net"],
             "message": "Subject: hi\\nFrom: app@example.com\\n\\nhello\\n"}
            """);

    assertThat(res.statusCode()).isEqualTo(202);
    String id = res.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    List<SpooledMessage> spooled = spool.recover();
    assertThat(spooled).extracting(m -> m.id().value()).containsExactly(id);
    assertThat(spooled.get(0).envelope().sender()).isEqualTo("app@example.com");
    assertThat(spooled.get(0).envelope().recipients())
        .containsExactly("a@example.org", "b@example.net");
    try (InputStream in = spool.open(new MessageId(id))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("Subject: hi\r\nFrom: app@example.com\r\n\r\nhello\r\n");
    }
  }

  @Test
  void nullSenderIsAccepted() throws Exception {
    HttpResponse<String> res =
        post(
            "{\"sender\":\"\",\"recipients\":[\"a@example.org\"],\"message\":\"Subject: x\\n\\nx\"}");

    assertThat(res.statusCode()).isEqualTo(202);
    assertThat(spool.recover()).hasSize(1);
  }

  @Test
  void malformedJsonIs400SayingSo() throws Exception {
    HttpResponse<String> res = post("{\"sender\": ");

    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).contains("not valid JSON");
    assertThat(spool.recover()).isEmpty();
  }

  @Test
  void badRecipientAddressIs400NamingTheField() throws Exception {
    HttpResponse<String> res =
        post(
            "{\"sender\":\"app@example.com\",\"recipients\":[\"ok@example.org\",\"not an address\"],"
                + "\"message\":\"Subject: x\\n\\nx\"}");

    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).contains("recipients[1]").contains("not an address");
    assertThat(spool.recover()).isEmpty();
  }

  @Test
  void badSenderAndMissingRecipientsAre400() throws Exception {
    assertThat(
            post("{\"sender\":\"a@@b\",\"recipients\":[\"x@example.org\"],\"message\":\"S: x\"}")
                .body())
        .contains("sender");
    HttpResponse<String> noRecipients =
        post("{\"sender\":\"a@example.com\",\"recipients\":[],\"message\":\"S: x\"}");
    assertThat(noRecipients.statusCode()).isEqualTo(400);
    assertThat(noRecipients.body()).contains("recipients: at least one recipient is required");
  }

  @Test
  void drainingMtaRefusesInjectionWith503() throws Exception {
    gate.drain();

    HttpResponse<String> res =
        post(
            "{\"sender\":\"a@example.com\",\"recipients\":[\"x@example.org\"],\"message\":\"S: x\"}");

    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(spool.recover()).isEmpty();
  }

  @Test
  void spoolLowOnSpaceRefusesInjectionWith503() throws Exception {
    inject.close();
    spool.close();
    spool =
        FileSpool.open(
            FileSpoolOptions.of(dir, Durability.FSYNC)
                .withFailureLimits(Long.MAX_VALUE, Duration.ofMinutes(5)),
            metrics);
    inject = startInject();

    HttpResponse<String> res =
        post(
            "{\"sender\":\"a@example.com\",\"recipients\":[\"x@example.org\"],\"message\":\"S: x\"}");

    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.body()).contains("low on space");
    assertThat(spool.recover()).isEmpty();
  }

  @Test
  void getIs405() throws Exception {
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(res.statusCode()).isEqualTo(405);
  }

  private HttpResponse<String> post(String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + inject.port() + InjectHandler.PATH);
  }
}
