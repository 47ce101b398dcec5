package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.Mta;
import io.mailfleet.mta.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound STARTTLS and MAIL FROM parameters against real peers: a second MTA whose inbound server
 * offers STARTTLS (and relays what it gets to smtp-sink, so its Received header shows how the mail
 * came in), and smtp-sink, which offers no STARTTLS.
 */
class OutboundTlsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern MIME_END = Pattern.compile("\n--\\S+--\\s*$");

  @TempDir Path work;

  private SmtpSink senders;
  private SmtpSink sink;
  private Mta receiver;
  private Mta mta;

  @BeforeEach
  void startSinks() throws IOException {
    senders = SmtpSink.start(SmtpSink.freePort(), work.resolve("senders"));
    sink = SmtpSink.start(SmtpSink.freePort(), work.resolve("final"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Mta each : new Mta[] {mta, receiver}) {
      if (each != null) {
        each.close();
      }
    }
    sink.close();
    senders.close();
  }

  /** The TLS-capable peer: takes mail over STARTTLS and relays it to the final sink. */
  private Mta startReceiver(PeerCertificate certificate, long maxMessageSize) throws Exception {
    Path config = work.resolve("receiver.yaml");
    Files.writeString(
        config,
        """
        hostname: mx.tls.example
        smtp:
          listeners:
            - {name: mx, address: 127.0.0.1, port: 0, proxyProtocol: false}
          tls: {certificateFile: %s, privateKeyFile: %s}
          limits: {maxMessageSize: %d}
        spool: {directory: %s, durability: FSYNC}
        admin: {address: 127.0.0.1, port: 0}
        inject: {address: 127.0.0.1, port: 0}
        delivery:
          timeouts: {connect: 5s, command: 10s, data: 10s}
          routes:
            example.test: "127.0.0.1:%d"
            main.example: "127.0.0.1:%d"
        """
            .formatted(
                certificate.certificateFile(),
                certificate.privateKeyFile(),
                maxMessageSize,
                work.resolve("receiver-spool"),
                sink.port(),
                senders.port()));
    receiver = Mta.start(new ConfigLoader().load(config));
    return receiver;
  }

  /** The MTA under test, routing example.test to {@code target} under {@code tls}. */
  private Mta startSender(String target, String tls, String extra) throws Exception {
    return startSender(target, "127.0.0.1:" + senders.port(), tls, extra);
  }

  /**
   * The MTA under test, routing example.test to {@code target} and its bounces (main.example) to
   * {@code bounceTarget}: under a policy that refuses clear text, bounces go through the receiver.
   */
  private Mta startSender(String target, String bounceTarget, String tls, String extra)
      throws Exception {
    Path config = work.resolve("sender.yaml");
    Files.writeString(
        config,
        SenderConfig.loopback(work.resolve("sender-spool"))
            + """
        delivery:
          egress:
            pools:
              - name: default
                sources: [{name: out1, ehloName: out1.main.example}]
          shaping: {defaults: {tls: %s}}
          timeouts: {connect: 5s, command: 10s, data: 10s}
          retry: {schedule: [200ms, 400ms, 500ms], jitter: 0.2, maxAge: 3s}
          routes:
            example.test: "%s"
            main.example: "%s"
        %s
        """
                .formatted(tls, target, bounceTarget, extra));
    mta = Mta.start(new ConfigLoader().load(config));
    return mta;
  }

  private void submit(String subject, String body) throws IOException {
    SmtpSubmitter.submit(
        mta.smtpAddresses().get(0),
        "sender@main.example",
        List.of("alice@example.test"),
        "From: sender@main.example\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n");
  }

  private double outcome(Mta which, String outcome) throws IOException, InterruptedException {
    return new MetricsProbe(which.adminPort()).outcome(outcome);
  }

  private double spooled(Mta which) throws IOException, InterruptedException {
    return new MetricsProbe(which.adminPort()).spooled();
  }

  private String receiverPort() {
    return String.valueOf(receiver.smtpAddresses().get(0).getPort());
  }

  /**
   * The only message {@code which} received, once {@code complete} holds for it: smtp-sink writes
   * its dump file while the data arrives, so a file can be seen before it is whole.
   */
  private static String onlyMessage(SmtpSink which, Predicate<String> complete) throws Exception {
    await()
        .atMost(PATIENCE)
        .until(() -> which.received().size() == 1 && complete.test(which.received().get(0)));
    return which.received().get(0);
  }

  /** The test messages end with the line {@code hello}. */
  private String relayedThroughReceiver() throws Exception {
    return onlyMessage(sink, m -> m.contains("\nhello\n"));
  }

  /** A bounce ends with the closing MIME boundary. */
  private String bounce() throws Exception {
    return onlyMessage(senders, m -> MIME_END.matcher(m).find());
  }

  private String bounceAfterExpiry() throws Exception {
    await().atMost(PATIENCE).until(() -> outcome(mta, "expired") == 1 && spooled(mta) == 0);
    return bounce();
  }

  @Test
  void opportunisticTlsEncryptsWhenTheServerOffersStartTls() throws Exception {
    startReceiver(
        PeerCertificate.create(work.resolve("cert"), "mx.tls.example", "dns:mx.tls.example"),
        1_000_000);
    startSender("127.0.0.1:" + receiverPort(), "OPPORTUNISTIC", "");

    submit("opportunistic", "hello");

    assertThat(relayedThroughReceiver())
        .contains("by mx.tls.example (mailfleet) with ESMTPS")
        .contains("Subject: opportunistic");
  }

  @Test
  void requiredTlsDeliversOverStartTlsWithAnyCertificate() throws Exception {
    startReceiver(
        PeerCertificate.create(work.resolve("cert"), "elsewhere.example", "dns:elsewhere.example"),
        1_000_000);
    startSender("127.0.0.1:" + receiverPort(), "REQUIRED", "");

    submit("required", "hello");

    assertThat(relayedThroughReceiver())
        .contains("with ESMTPS")
        .contains("X-Mail-Args: <sender@main.example>")
        .contains("Subject: required");
  }

  @Test
  void requiredTlsDefersMailForAServerWithoutStartTlsAndSendsNothing() throws Exception {
    startReceiver(
        PeerCertificate.create(work.resolve("cert"), "mx.tls.example", "dns:mx.tls.example"),
        1_000_000);
    startSender("127.0.0.1:" + sink.port(), "127.0.0.1:" + receiverPort(), "REQUIRED", "");

    submit("never in clear", "secret");

    String bounce = bounceAfterExpiry();
    assertThat(outcome(mta, "deferred")).isGreaterThanOrEqualTo(1);
    assertThat(sink.received()).isEmpty();
    Bounce.assertReports(bounce, "alice@example.test", "4.7.4", "Subject: never in clear");
    assertThat(bounce.replaceAll("\\s+", " ")).contains("does not offer STARTTLS");
  }

  @Test
  void opportunisticTlsRetriesInClearTextWhenTheHandshakeFails() throws Exception {
    PeerCertificate certificate =
        PeerCertificate.create(work.resolve("cert"), "mx.oldtls.example", "dns:mx.oldtls.example");
    try (MismatchedTlsMta peer =
        MismatchedTlsMta.start(work.resolve("oldtls"), certificate, sink.port())) {
      startSender("127.0.0.1:" + peer.port(), "OPPORTUNISTIC", "");

      submit("fallback", "hello");

      assertThat(relayedThroughReceiver())
          .contains("by mx.oldtls.example (mailfleet) with ESMTP;")
          .contains("Subject: fallback");
      assertThat(outcome(mta, "deferred")).isZero();
    }
  }

  @Test
  void requiredTlsDefersMailWhenTheHandshakeFails() throws Exception {
    startReceiver(
        PeerCertificate.create(work.resolve("cert"), "mx.tls.example", "dns:mx.tls.example"),
        1_000_000);
    PeerCertificate certificate =
        PeerCertificate.create(
            work.resolve("oldcert"), "mx.oldtls.example", "dns:mx.oldtls.example");
    try (MismatchedTlsMta peer =
        MismatchedTlsMta.start(work.resolve("oldtls"), certificate, sink.port())) {
      startSender("127.0.0.1:" + peer.port(), "127.0.0.1:" + receiverPort(), "REQUIRED", "");

      submit("no fallback", "hello");

      String bounce = bounceAfterExpiry();
      Bounce.assertReports(bounce, "alice@example.test", "4.7.5", "Subject: no fallback");
      assertThat(bounce.replaceAll("\\s+", " ")).contains("TLS handshake with 127.0.0.1:");
      assertThat(sink.received()).isEmpty();
    }
  }

  @Test
  void verifiedTlsDeliversWhenTheCertificateChainsToTheCaFileAndNamesTheHost() throws Exception {
    PeerCertificate certificate =
        PeerCertificate.create(work.resolve("cert"), "localhost", "dns:localhost");
    startReceiver(certificate, 1_000_000);
    startSender(
        "localhost:" + receiverPort(), "VERIFIED", "  tlsCaFile: " + certificate.certificateFile());

    submit("verified", "hello");

    assertThat(relayedThroughReceiver()).contains("with ESMTPS").contains("Subject: verified");
  }

  @Test
  void verifiedTlsDefersMailWhenTheCertificateNamesAnotherHost() throws Exception {
    PeerCertificate certificate =
        PeerCertificate.create(work.resolve("cert"), "localhost", "dns:localhost");
    startReceiver(certificate, 1_000_000);
    startSender(
        "127.0.0.1:" + receiverPort(),
        "localhost:" + receiverPort(),
        "VERIFIED",
        "  tlsCaFile: " + certificate.certificateFile());

    submit("wrong name", "hello");

    String bounce = bounceAfterExpiry();
    Bounce.assertReports(bounce, "alice@example.test", "4.7.5", "Subject: wrong name");
    assertThat(bounce.replaceAll("\\s+", " ")).contains("No subject alternative names matching");
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void verifiedTlsDefersMailWhenTheCertificateIsNotTrusted() throws Exception {
    startReceiver(
        PeerCertificate.create(work.resolve("cert"), "localhost", "dns:localhost"), 1_000_000);
    startSender("localhost:" + receiverPort(), "VERIFIED", "");

    submit("untrusted", "hello");

    // Bounces cannot go out verified either: the message expires and its bounce waits.
    await().atMost(PATIENCE).until(() -> outcome(mta, "expired") == 1);
    assertThat(outcome(mta, "deferred")).isGreaterThanOrEqualTo(1);
    assertThat(outcome(receiver, "delivered")).isZero();
    assertThat(spooled(receiver)).isZero();
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void eightBitMessageIsAnnouncedAsEightBitMime() throws Exception {
    startSender("127.0.0.1:" + sink.port(), "OPPORTUNISTIC", "");
    String utf8Body =
        new String("Grüße".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

    submit("eight bit", utf8Body);
    submit("seven bit", "plain");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                sink.received().size() == 2
                    && sink.received().stream()
                        .allMatch(
                            m -> m.contains("\nplain\n") || m.contains("\n" + utf8Body + "\n")));
    String eightBit =
        sink.received().stream()
            .filter(m -> m.contains("Subject: eight bit"))
            .findFirst()
            .orElseThrow();
    String sevenBit =
        sink.received().stream()
            .filter(m -> m.contains("Subject: seven bit"))
            .findFirst()
            .orElseThrow();
    assertThat(eightBit).containsPattern("X-Mail-Args: <sender@main.example> BODY=8BITMIME\n");
    assertThat(sevenBit).contains("X-Mail-Args: <sender@main.example>\n");
  }

  @Test
  void nonAsciiEnvelopeGoesAsUtf8ToAServerWithSmtpUtf8AndIsNotSentToOneWithout() throws Exception {
    startReceiver(
        PeerCertificate.create(work.resolve("cert"), "mx.tls.example", "dns:mx.tls.example"),
        1_000_000);
    startSender("127.0.0.1:" + receiverPort(), "OPPORTUNISTIC", "");

    SmtpSubmitter.submitUtf8(
        mta.smtpAddresses().get(0),
        "sender@main.example",
        "SMTPUTF8",
        List.of("用户@example.test"),
        "From: sender@main.example\r\nSubject: umlaut\r\n\r\nhallo\r\n");

    // The receiver got the address intact (written as ASCII, it would arrive as "(7")
    // and, the sink offering no SMTPUTF8, bounced it without sending.
    await().atMost(PATIENCE).until(() -> outcome(mta, "delivered") == 1);
    await().atMost(PATIENCE).until(() -> outcome(receiver, "bounced") == 1);
    assertThat(bounce()).contains("Status: 5.6.7");
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void messageOverTheServersSizeLimitBouncesWithoutBeingSent() throws Exception {
    startReceiver(
        PeerCertificate.create(work.resolve("cert"), "mx.tls.example", "dns:mx.tls.example"), 2000);
    startSender("127.0.0.1:" + receiverPort(), "OPPORTUNISTIC", "");

    submit("too big", ("x".repeat(70) + "\r\n").repeat(40));

    await().atMost(PATIENCE).until(() -> outcome(mta, "bounced") == 1 && spooled(mta) == 0);
    String bounce = bounce();
    Bounce.assertReports(bounce, "alice@example.test", "5.3.4", "Subject: too big");
    // Our check, not the receiver's refusal of MAIL or of the data, which would say 5.3.4 too.
    assertThat(bounce.replaceAll("\\s+", " "))
        .contains("larger than the server's SIZE limit of 2000");
    assertThat(outcome(mta, "deferred")).isZero();
    assertThat(spooled(receiver)).isZero();
    assertThat(sink.received()).isEmpty();
  }
}
