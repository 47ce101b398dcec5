package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.Mta;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.dkim.TestDkimKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail signed at delivery, received by smtp-sink and checked by dkimpy, an independent verifier: an
 * RSA-2048 key (PKCS#1 PEM) for one domain and its subdomains, an Ed25519 key for another that also
 * a partner's envelope senders may use. A key signs only for the envelope senders it allows, never
 * for whatever From a relaying client writes.
 */
class DkimSigningIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /**
   * A body that relaxed canonicalization changes: trailing blanks, tabs, empty lines at the end.
   */
  private static final String BODY =
      "Hello  there,\t\r\n"
          + ".a line that starts with a dot\r\n"
          + "\r\n"
          + "  indented \t line  \r\n"
          + "Gr\u00c3\u00bc\u00c3\u009fe\r\n"
          + "\r\n"
          + "\r\n";

  @TempDir Path work;

  private SmtpSink sink;
  private Mta mta;
  private DkimVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    TestDkimKey rsa = TestDkimKey.rsa(work.resolve("rsa.pem"), true);
    TestDkimKey ed25519 = TestDkimKey.ed25519(work.resolve("ed25519.pem"));
    verifier =
        new DkimVerifier(
            work.resolve("verifier"),
            Map.of(
                "rsa2026._domainkey.main.example", rsa.txtRecord(),
                "ed2026._domainkey.ed.example", ed25519.txtRecord()));
    sink = SmtpSink.start(SmtpSink.freePort(), work.resolve("dumps"));
    Path config = work.resolve("mta.yaml");
    Files.writeString(
        config,
        SenderConfig.loopback(work.resolve("spool"))
            + """
        delivery:
          egress:
            pools:
              - name: default
                sources: [{name: out1, ehloName: out1.main.example}]
          timeouts: {connect: 5s, command: 10s, data: 10s}
          routes:
            example.test: "127.0.0.1:%d"
          dkim:
            - {domain: main.example, selector: rsa2026, keyFile: %s}
            - {domain: ed.example, selector: ed2026, keyFile: %s,
               senderDomains: [ed.example, partner.example]}
        """
                .formatted(sink.port(), rsa.keyFile(), ed25519.keyFile()));
    mta = Mta.start(new ConfigLoader().load(config));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (mta != null) {
      mta.close();
    }
    sink.close();
  }

  private byte[] deliver(String from, String subject) throws Exception {
    return deliver("bounces@main.example", from, subject);
  }

  private byte[] deliver(String envelopeSender, String from, String subject) throws Exception {
    SmtpSubmitter.submit(
        mta.smtpAddresses().get(0),
        envelopeSender,
        List.of("alice@example.test"),
        "From: "
            + from
            + "\r\nTo: Alice <alice@example.test>\r\nSubject:   "
            + subject
            + "  \r\nMIME-Version: 1.0\r\nContent-Type: text/plain;\r\n\tcharset=utf-8\r\n"
            + "X-Unsigned: anything\r\n\r\n"
            + BODY);
    await()
        .atMost(PATIENCE)
        .until(
            // smtp-sink writes while the data arrives: wait for the last non-empty body line.
            () ->
                sink.received().stream()
                    .anyMatch(
                        m -> m.contains(subject) && m.contains("\nGr\u00c3\u00bc\u00c3\u009fe\n")));
    String dumped =
        sink.received().stream().filter(m -> m.contains(subject)).findFirst().orElseThrow();
    return DkimVerifier.withoutSinkHeaders(dumped);
  }

  private static byte[] tampered(byte[] message) {
    String text = new String(message, StandardCharsets.ISO_8859_1);
    return text.replace("Hello  there", "Hello  where").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void rsaSignedMailFromASubdomainVerifiesAndFailsOnceTheBodyIsChanged() throws Exception {
    byte[] message = deliver("\"News\" <news@letters.main.example>", "rsa signed");

    assertThat(new String(message, StandardCharsets.ISO_8859_1))
        .contains("\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=main.example;");
    assertThat(verifier.verifies(message)).as("dkimpy verifies the delivered message").isTrue();
    assertThat(verifier.verifies(tampered(message))).as("dkimpy on a changed body").isFalse();
  }

  @Test
  void ed25519SignedMailVerifiesAndFailsOnceTheBodyIsChanged() throws Exception {
    byte[] message = deliver("bounces@ed.example", "someone@ed.example", "ed25519 signed");

    assertThat(new String(message, StandardCharsets.ISO_8859_1))
        .contains("\nDKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=ed.example;");
    assertThat(verifier.verifies(message)).as("dkimpy verifies the delivered message").isTrue();
    assertThat(verifier.verifies(tampered(message))).as("dkimpy on a changed body").isFalse();
  }

  @Test
  void aSecondSubjectAddedAfterSigningFailsVerification() throws Exception {
    byte[] message = deliver("\"News\" <news@letters.main.example>", "subject signed twice");
    byte[] withSecondSubject =
        ("Subject: something else\n" + new String(message, StandardCharsets.ISO_8859_1))
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(verifier.verifies(message)).as("dkimpy verifies the delivered message").isTrue();
    assertThat(verifier.verifies(withSecondSubject)).as("dkimpy with a Subject added").isFalse();
  }

  @Test
  void relayingClientWritingAnotherTenantsFromGetsNoSignature() throws Exception {
    byte[] message = deliver("bounces@main.example", "ceo@ed.example", "forged tenant");

    assertThat(new String(message, StandardCharsets.ISO_8859_1))
        .doesNotContain("DKIM-Signature")
        .contains("\nFrom: ceo@ed.example\n");
    assertThat(new MetricsProbe(mta.adminPort()).dkimUnsigned("ed.example", "sender_not_allowed"))
        .isEqualTo(1);
  }

  @Test
  void envelopeSenderTheKeyListsIsSignedForTheKeysDomain() throws Exception {
    byte[] message = deliver("bounces@mail.partner.example", "news@ed.example", "partner signed");

    assertThat(new String(message, StandardCharsets.ISO_8859_1))
        .contains("\nDKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=ed.example;");
    assertThat(verifier.verifies(message)).as("dkimpy verifies the delivered message").isTrue();
  }

  @Test
  void mailFromADomainWithoutKeyGoesUnsigned() throws Exception {
    byte[] message = deliver("someone@other.example", "not signed");

    assertThat(new String(message, StandardCharsets.ISO_8859_1))
        .doesNotContain("DKIM-Signature")
        .contains("\nFrom: someone@other.example\n");
  }
}
