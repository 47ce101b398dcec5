package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.Mta;
import io.mailfleet.mta.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery by MX: dnsmasq serves the {@code .test} zone on 127.0.0.160, smtp-sink listens on port
 * 25 of 127.0.0.161 (primary) and 127.0.0.163 (backup); nothing listens on 127.0.0.162.
 */
class MxDeliveryIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String DNS = "127.0.0.160";
  private static final String PRIMARY = "127.0.0.161";
  private static final String DEAD = "127.0.0.162";
  private static final String BACKUP = "127.0.0.163";

  @TempDir Path work;

  private Dnsmasq dns;
  private SmtpSink primary;
  private SmtpSink backup;
  private SmtpSink senders;
  private Mta mta;
  private MetricsProbe metrics;

  @BeforeEach
  void start() throws Exception {
    dns =
        Dnsmasq.start(
            DNS,
            work.resolve("dnsmasq.log"),
            "--mx-host=pref.test,dead.pref.test,5",
            "--mx-host=pref.test,primary.pref.test,10",
            "--mx-host=pref.test,backup.pref.test,20",
            "--host-record=dead.pref.test," + DEAD,
            "--host-record=primary.pref.test," + PRIMARY,
            "--host-record=backup.pref.test," + BACKUP,
            "--host-record=plain.test," + PRIMARY,
            "--dns-rr=nullmx.test,15,000000");
    primary = SmtpSink.start(PRIMARY, 25, work.resolve("primary"));
    backup = SmtpSink.start(BACKUP, 25, work.resolve("backup"));
    senders = SmtpSink.start(SmtpSink.freePort(), work.resolve("senders"));
    Path config = work.resolve("mta.yaml");
    Files.writeString(
        config,
        SenderConfig.loopback(work.resolve("spool"))
            + """
        delivery:
          dns: {resolver: "%s", minTtl: 1m, maxTtl: 1h, negativeTtl: 1m}
          routes: {main.example: "127.0.0.1:%d"}
          timeouts: {connect: 5s, command: 10s, data: 10s}
          retry: {schedule: [200ms, 400ms, 500ms], jitter: 0.2, maxAge: 72h}
        """
                .formatted(dns.resolver(), senders.port()));
    mta = Mta.start(new ConfigLoader().load(config));
    metrics = new MetricsProbe(mta.adminPort());
  }

  @AfterEach
  void stop() throws Exception {
    if (mta != null) {
      mta.close();
    }
    for (AutoCloseable peer : new AutoCloseable[] {primary, backup, senders, dns}) {
      if (peer != null) {
        peer.close();
      }
    }
  }

  private void submit(String recipient) throws Exception {
    SmtpSubmitter.submit(
        mta.smtpAddresses().get(0),
        "sender@main.example",
        List.of(recipient),
        "From: sender@main.example\r\nSubject: to " + recipient + "\r\n\r\nhello\r\n");
  }

  @Test
  void mailGoesToTheMostPreferredMailExchangerThatAnswers() throws Exception {
    submit("someone@pref.test");

    await().atMost(PATIENCE).until(() -> metrics.outcome("delivered") == 1);
    assertThat(primary.received())
        .singleElement()
        .asString()
        .contains("Subject: to someone@pref.test");
    assertThat(backup.received()).isEmpty();
    assertThat(metrics.spooled()).isZero();
  }

  /** How many MX questions for {@code domain} dnsmasq was asked (it logs each query). */
  private long mxQueries(String domain) throws Exception {
    return Files.readAllLines(work.resolve("dnsmasq.log")).stream()
        .filter(l -> l.contains("query[MX] " + domain + " "))
        .count();
  }

  @Test
  void mxAnswerIsCachedForTheNextMessage() throws Exception {
    submit("first@pref.test");
    await().atMost(PATIENCE).until(() -> metrics.outcome("delivered") == 1);
    submit("second@pref.test");
    await().atMost(PATIENCE).until(() -> metrics.outcome("delivered") == 2);

    assertThat(primary.received()).hasSize(2);
    assertThat(mxQueries("pref.test")).isEqualTo(1);
  }

  @Test
  void domainThatDoesNotExistIsRememberedForTheNegativeTtl() throws Exception {
    submit("first@nowhere.test");
    await().atMost(PATIENCE).until(() -> metrics.outcome("bounced") == 1);
    submit("second@nowhere.test");
    await().atMost(PATIENCE).until(() -> metrics.outcome("bounced") == 2);

    assertThat(mxQueries("nowhere.test")).isEqualTo(1);
  }

  @Test
  void domainWithoutMxRecordsIsDeliveredToItsOwnAddress() throws Exception {
    submit("someone@plain.test");

    await().atMost(PATIENCE).until(() -> metrics.outcome("delivered") == 1);
    assertThat(primary.received())
        .singleElement()
        .asString()
        .contains("Subject: to someone@plain.test");
  }

  @Test
  void nullMxBouncesToTheSenderWithoutConnecting() throws Exception {
    submit("someone@nullmx.test");

    await().atMost(PATIENCE).until(() -> metrics.outcome("bounced") == 1 && metrics.spooled() == 0);
    assertThat(metrics.outcome("deferred")).isZero();
    assertThat(primary.received()).isEmpty();
    assertThat(backup.received()).isEmpty();
    Bounce.assertReports(
        senders.received().get(0),
        "someone@nullmx.test",
        "5.1.10",
        "Subject: to someone@nullmx.test");
  }

  @Test
  void domainThatDoesNotExistBouncesToTheSender() throws Exception {
    submit("someone@nowhere.test");

    await().atMost(PATIENCE).until(() -> metrics.outcome("bounced") == 1 && metrics.spooled() == 0);
    assertThat(metrics.outcome("deferred")).isZero();
    Bounce.assertReports(
        senders.received().get(0),
        "someone@nowhere.test",
        "5.1.2",
        "Subject: to someone@nowhere.test");
  }
}
