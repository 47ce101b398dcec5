package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.Mta;
import io.mailfleet.mta.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMTP in, through the spool and the queue, out to Postfix's smtp-sink over a static route. */
class OutboundDeliveryIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path work;

  private Mta mta;
  private SmtpSink sink;

  /** The sender's own domain, where bounces go. */
  private SmtpSink senders;

  @BeforeEach
  void startSendersSink() throws IOException {
    senders = SmtpSink.start(SmtpSink.freePort(), work.resolve("senders"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (mta != null) {
      mta.close();
    }
    if (sink != null) {
      sink.close();
    }
    senders.close();
  }

  private Mta startMta(int sinkPort, String maxAge) throws IOException, InterruptedException {
    Path config = work.resolve("mta.yaml");
    Files.writeString(
        config,
        SenderConfig.loopback(work.resolve("spool"))
            + """
        delivery:
          egress:
            pools:
              - name: default
                sources: [{name: out1, bindAddress: 127.0.0.1, ehloName: out1.main.example}]
          shaping: {defaults: {deliveriesPerConnection: 10}}
          timeouts: {connect: 5s, command: 10s, data: 10s}
          retry: {schedule: [200ms, 400ms, 500ms], jitter: 0.2, maxAge: %s}
          routes:
            example.test: "127.0.0.1:%d"
            main.example: "127.0.0.1:%d"
        """
                .formatted(maxAge, sinkPort, senders.port()));
    mta = Mta.start(new ConfigLoader().load(config));
    return mta;
  }

  private void submit(String subject, String... recipients) throws IOException {
    SmtpSubmitter.submit(
        mta.smtpAddresses().get(0),
        "sender@main.example",
        List.of(recipients),
        "From: sender@main.example\r\nSubject: "
            + subject
            + "\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n..two dots\r\nlast line\r\n");
  }

  private double outcome(String outcome) throws IOException, InterruptedException {
    return new MetricsProbe(mta.adminPort()).outcome(outcome);
  }

  private double spooled() throws IOException, InterruptedException {
    return new MetricsProbe(mta.adminPort()).spooled();
  }

  @Test
  void messageReceivedOverSmtpIsDeliveredToTheRoutedSinkAndLeavesTheSpool() throws Exception {
    int port = SmtpSink.freePort();
    sink = SmtpSink.start(port, work.resolve("dumps"));
    startMta(port, "72h");

    submit("hello sink", "alice@example.test", "bob@EXAMPLE.test");

    await().atMost(PATIENCE).until(() -> outcome("delivered") == 2 && spooled() == 0);
    List<String> received = sink.received();
    assertThat(received).hasSize(1);
    assertThat(received.get(0))
        .contains("X-Helo-Args: out1.main.example")
        .contains("X-Client-Addr: 127.0.0.1")
        .contains("X-Mail-Args: <sender@main.example>")
        .contains("X-Rcpt-Args: <alice@example.test>")
        .contains("X-Rcpt-Args: <bob@EXAMPLE.test>")
        .contains("Subject: hello sink")
        .contains("\n.a line that starts with a dot\n..two dots\nlast line\n");
  }

  @Test
  void serverWithoutEsmtpGetsHeloAndUnpipelinedCommands() throws Exception {
    int port = SmtpSink.freePort();
    sink = SmtpSink.start(port, work.resolve("dumps"), "-e");
    startMta(port, "72h");

    submit("plain smtp", "gina@example.test", "hank@example.test");

    await().atMost(PATIENCE).until(() -> outcome("delivered") == 2 && spooled() == 0);
    assertThat(sink.received())
        .singleElement()
        .asString()
        .contains("X-Client-Proto: SMTP")
        .contains("X-Helo-Args: out1.main.example")
        .contains("X-Rcpt-Args: <hank@example.test>");
  }

  @Test
  void severalMessagesForOneSiteAreAllDelivered() throws Exception {
    int port = SmtpSink.freePort();
    sink = SmtpSink.start(port, work.resolve("dumps"));
    startMta(port, "72h");

    for (int i = 0; i < 5; i++) {
      submit("message " + i, "user" + i + "@example.test");
    }

    await().atMost(PATIENCE).until(() -> outcome("delivered") == 5 && spooled() == 0);
    assertThat(sink.received()).hasSize(5);
  }

  @Test
  void temporaryRejectionIsRetriedAndDeliveredOnceTheSiteAccepts() throws Exception {
    int port = SmtpSink.freePort();
    sink = SmtpSink.start(port, work.resolve("refusing"), "-r", "RCPT");
    startMta(port, "72h");

    submit("try again", "carol@example.test");

    await().atMost(PATIENCE).until(() -> outcome("deferred") >= 2);
    assertThat(spooled()).isEqualTo(1);
    assertThat(outcome("delivered")).isZero();
    sink.close();
    sink = SmtpSink.start(port, work.resolve("accepting"));

    await().atMost(PATIENCE).until(() -> outcome("delivered") == 1 && spooled() == 0);
    assertThat(sink.received()).singleElement().asString().contains("Subject: try again");
  }

  @Test
  void permanentRejectionBouncesTheRecipientAndCompletesTheMessage() throws Exception {
    int port = SmtpSink.freePort();
    sink = SmtpSink.start(port, work.resolve("dumps"), "-f", "RCPT");
    startMta(port, "72h");

    submit("no such user", "dave@example.test");

    await().atMost(PATIENCE).until(() -> outcome("bounced") == 1 && spooled() == 0);
    assertThat(outcome("deferred")).isZero();
    assertThat(outcome("delivered")).as("the bounce itself").isEqualTo(1);
    String bounce = senders.received().get(0);
    assertThat(bounce).contains("X-Mail-Args: <>").contains("X-Rcpt-Args: <sender@main.example>");
    Bounce.assertReports(bounce, "dave@example.test", "5.3.0", "Subject: no such user");
  }

  @Test
  void recipientStillFailingTemporarilyAtMaxAgeExpires() throws Exception {
    int port = SmtpSink.freePort();
    sink = SmtpSink.start(port, work.resolve("dumps"), "-r", "RCPT");
    startMta(port, "2s");

    submit("too late", "erin@example.test");

    await().atMost(PATIENCE).until(() -> outcome("expired") == 1 && spooled() == 0);
    assertThat(outcome("deferred")).isGreaterThanOrEqualTo(1);
    assertThat(sink.received()).isEmpty();
    Bounce.assertReports(
        senders.received().get(0), "erin@example.test", "4.3.0", "Subject: too late");
  }

  @Test
  void unreachableSiteIsDeferredNotLost() throws Exception {
    int port = SmtpSink.freePort();
    startMta(port, "72h");

    submit("nobody home", "frank@example.test");

    await().atMost(PATIENCE).until(() -> outcome("deferred") >= 1);
    assertThat(spooled()).isEqualTo(1);
    sink = SmtpSink.start(port, work.resolve("late"));
    await().atMost(PATIENCE).until(() -> outcome("delivered") == 1 && spooled() == 0);
  }
}
