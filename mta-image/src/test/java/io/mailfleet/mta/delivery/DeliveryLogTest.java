package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.queue.Attempt;
import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.SiteKey;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {

  private static DeliveryJob job() {
    return new DeliveryJob(
        new SpooledMessage(
            new MessageId("m1"),
            new Envelope("sender@main.example", List.of("a@one.test"), Instant.now(), "127.0.0.1"),
            100),
        "one.test",
        List.of("a@one.test"),
        0);
  }

  @Test
  void receptionLineNamesTheClientAndTheSenderDomainNotTheAddresses() {
    Map<String, Object> line = DeliveryLog.receptionLine(job().message(), "brand");

    assertThat(line)
        .containsEntry("event", "Reception")
        .containsEntry("messageId", "m1")
        .containsEntry("pool", "brand")
        .containsEntry("client", "127.0.0.1")
        .containsEntry("senderDomain", "main.example")
        .containsEntry("recipients", 1)
        .containsEntry("sizeBytes", 100L)
        .doesNotContainKeys("sender", "recipient");
    assertThat(line.values()).doesNotContain("a@one.test", "sender@main.example");
  }

  @Test
  void deliveryLineNamesPoolSiteSourceAndRemote() {
    Map<String, Object> line =
        DeliveryLog.outcomeLine(
            "Delivery",
            job(),
            new Attempt("brand", "mx1.host.test", "o1.mail.example/10.0.1.17", "192.0.2.25:25"),
            "a@one.test",
            Duration.ofSeconds(2),
            "250 2.0.0 Ok",
            null);

    assertThat(line)
        .containsEntry("event", "Delivery")
        .containsEntry("messageId", "m1")
        .containsEntry("pool", "brand")
        .containsEntry("site", "mx1.host.test")
        .containsEntry("domain", "one.test")
        .containsEntry("source", "o1.mail.example/10.0.1.17")
        .containsEntry("remote", "192.0.2.25:25")
        .containsEntry("queueTimeMs", 2000L)
        .doesNotContainKeys("retryInMs", "recipient");
  }

  @Test
  void bounceOfADomainWithoutServiceHasNoSiteSourceOrRemote() {
    Map<String, Object> line =
        DeliveryLog.outcomeLine(
            "Bounce",
            job(),
            new Attempt("default", null, null, null),
            "a@one.test",
            Duration.ZERO,
            "556 5.1.10 null MX",
            null);

    assertThat(line).containsEntry("pool", "default").containsEntry("site", null);
    assertThat(line).containsEntry("source", null).containsEntry("remote", null);
  }

  @Test
  void suspensionAndResumptionLinesNameTheSiteAndWhy() {
    SiteKey site = new SiteKey("default", "google");

    Map<String, Object> suspended =
        DeliveryLog.suspendedLine(
            site, "google", Instant.parse("2026-11-28T12:15:00Z"), "3 deferrals, last: 421 busy");
    Map<String, Object> resumed = DeliveryLog.resumedLine(site, "google", "resumed by hand");

    assertThat(suspended)
        .containsEntry("event", "SiteSuspended")
        .containsEntry("pool", "default")
        .containsEntry("site", "google")
        .containsEntry("until", "2026-11-28T12:15:00Z")
        .containsEntry("reason", "3 deferrals, last: 421 busy");
    assertThat(resumed)
        .containsEntry("event", "SiteResumed")
        .containsEntry("reason", "resumed by hand");
  }

  @Test
  void outcomesAreCountedPerPool() throws Exception {
    MtaMetrics metrics = new MtaMetrics();
    DeliveryLog log = new DeliveryLog(metrics);

    log.delivered(job(), new Attempt("brand", "s", null, null), "a@one.test", Duration.ZERO, "250");
    log.deferred(
        job(),
        new Attempt("shared", "s", null, null),
        "a@one.test",
        Duration.ZERO,
        "451",
        Duration.ofMinutes(5));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.scrapeTo(out, metrics.writerFor("text/plain"));
    assertThat(out.toString())
        .contains("mailfleet_mta_delivery_recipients_total{outcome=\"delivered\",pool=\"brand\"} 1")
        .contains(
            "mailfleet_mta_delivery_recipients_total{outcome=\"deferred\",pool=\"shared\"} 1");
  }
}
