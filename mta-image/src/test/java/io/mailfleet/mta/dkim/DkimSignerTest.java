package io.mailfleet.mta.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.mta.config.PrivateKeyPem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key choice, header selection and the signature itself (dkimpy checks it again in an IT). */
class DkimSignerTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_800_000_000), ZoneOffset.UTC);

  @TempDir Path dir;

  private static final String MESSAGE =
      "Received: from x\r\n"
          + "From: Ann <ann@news.example.com>\r\n"
          + "To: bob@example.org\r\n"
          + "Subject: hello\r\n"
          + "X-Other: not signed\r\n"
          + "\r\n"
          + "body  line \r\n\r\n";

  /** Signs {@code message} as handed in by a client of the From domain's own organisation. */
  private Optional<String> sign(DkimSigner signer, String message) throws IOException {
    return sign(signer, message, Originator.client("ann@news.example.com", ""));
  }

  private Optional<String> sign(DkimSigner signer, String message, Originator originator)
      throws IOException {
    return signer.sign(
        new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), originator, "m1");
  }

  private DkimKey key(String domain, TestDkimKey test) {
    return new DkimKey(domain, "s1", PrivateKeyPem.read(test.keyFile()));
  }

  @Test
  void subdomainIsSignedWithTheMostSpecificCoveringKey() throws Exception {
    DkimSigner signer =
        new DkimSigner(
            List.of(
                key("example.com", TestDkimKey.ed25519(dir.resolve("a.pem"))),
                key("news.example.com", TestDkimKey.ed25519(dir.resolve("b.pem")))),
            CLOCK);

    assertThat(sign(signer, MESSAGE)).get().asString().contains("d=news.example.com;");
  }

  @Test
  void keyRefusesAFromDomainTheEnvelopeSenderIsNotAllowed() throws Exception {
    List<String> refused = new ArrayList<>();
    DkimSigner signer =
        new DkimSigner(
            List.of(key("example.com", TestDkimKey.ed25519(dir.resolve("k.pem")))),
            CLOCK,
            (id, domain, originator) -> refused.add(id + " " + domain + " " + originator));

    assertThat(sign(signer, MESSAGE, Originator.client("mallory@tenant-b.example", ""))).isEmpty();
    assertThat(sign(signer, MESSAGE, Originator.client("", ""))).as("null sender").isEmpty();
    assertThat(sign(signer, MESSAGE, Originator.client("ann@news.example.com", ""))).isPresent();
    assertThat(refused)
        .containsExactly(
            "m1 example.com Originator[senderDomain=tenant-b.example, authenticatedUser=,"
                + " writtenHere=false]",
            "m1 example.com Originator[senderDomain=, authenticatedUser=, writtenHere=false]");
  }

  @Test
  void listedSenderDomainsAndAuthenticatedUsersAreAllowedInsteadOfTheKeysOwnDomain()
      throws Exception {
    DkimKey listed =
        new DkimKey(
            "example.com",
            "s1",
            PrivateKeyPem.read(TestDkimKey.ed25519(dir.resolve("k.pem")).keyFile()),
            List.of("Tenant.example"),
            Set.of("relay-user"));
    DkimSigner signer = new DkimSigner(List.of(listed), CLOCK);

    assertThat(sign(signer, MESSAGE, Originator.client("a@mail.tenant.example", ""))).isPresent();
    assertThat(sign(signer, MESSAGE, Originator.client("a@other.example", "relay-user")))
        .isPresent();
    assertThat(sign(signer, MESSAGE, Originator.client("a@other.example", "someone-else")))
        .isEmpty();
    assertThat(sign(signer, MESSAGE, Originator.client("ann@news.example.com", "")))
        .as("the key's own domain, once senders are listed")
        .isEmpty();
  }

  @Test
  void bounceThisMtaWroteIsSignedForItsFromDomain() throws Exception {
    DkimSigner signer =
        new DkimSigner(
            List.of(key("example.com", TestDkimKey.ed25519(dir.resolve("k.pem")))), CLOCK);

    assertThat(sign(signer, MESSAGE, Originator.thisMta())).isPresent();
  }

  @Test
  void mailFromAnUncoveredDomainOrWithoutFromIsNotSigned() throws Exception {
    DkimSigner signer =
        new DkimSigner(
            List.of(key("example.net", TestDkimKey.ed25519(dir.resolve("k.pem")))), CLOCK);

    assertThat(sign(signer, MESSAGE)).isEmpty();
    assertThat(sign(signer, "Subject: no from\r\n\r\nbody\r\n")).isEmpty();
    assertThat(sign(signer, "From: a@notexample.net\r\n\r\nbody\r\n")).isEmpty();
  }

  @Test
  void presentUsualHeadersAreSignedAndFieldsThatOccurOnceOnceMore() throws Exception {
    DkimSigner signer =
        new DkimSigner(
            List.of(key("example.com", TestDkimKey.ed25519(dir.resolve("k.pem")))), CLOCK);

    String header = sign(signer, MESSAGE).orElseThrow();

    assertThat(header)
        .startsWith(
            "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=s1;")
        .contains("t=1800000000;")
        .contains("h=from:to:subject:from:to:cc:subject:date:message-id:reply-to;")
        .endsWith("\r\n");
  }

  @Test
  void rsaSignatureVerifiesOverTheCanonicalHeadersWithTheSignatureEmptied() throws Exception {
    TestDkimKey rsa = TestDkimKey.rsa(dir.resolve("rsa.pem"), true);
    DkimSigner signer = new DkimSigner(List.of(key("example.com", rsa)), CLOCK);

    String header = sign(signer, MESSAGE).orElseThrow();
    int b = header.lastIndexOf("b=");
    String unsigned = header.substring(0, b + 2);
    byte[] signature = Base64.getDecoder().decode(header.substring(b + 2).strip());
    String canonical = RelaxedHeader.canonicalize(unsigned);
    String data =
        "from:Ann <ann@news.example.com>\r\nto:bob@example.org\r\nsubject:hello\r\n"
            + canonical.substring(0, canonical.length() - 2);
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(rsa.keyPair().getPublic());
    verifier.update(data.getBytes(StandardCharsets.US_ASCII));

    assertThat(verifier.verify(signature)).isTrue();
    assertThat(header).contains("a=rsa-sha256;");
  }

  @Test
  void headerSectionOverOneMebibyteIsNotSigned() throws Exception {
    DkimSigner signer =
        new DkimSigner(
            List.of(key("example.com", TestDkimKey.ed25519(dir.resolve("k.pem")))), CLOCK);
    String huge = MESSAGE.replace("X-Other: not signed", "X-Other: " + "y".repeat(1 << 20));

    assertThat(sign(signer, huge)).isEmpty();
  }

  @Test
  void pkcs1AndPkcs8KeysLoadAndOthersAreRefusedWithTheFileNamed() throws Exception {
    assertThat(PrivateKeyPem.read(TestDkimKey.rsa(dir.resolve("1.pem"), true).keyFile()))
        .extracting(DkimAlgorithm::of)
        .isEqualTo(DkimAlgorithm.RSA_SHA256);
    assertThat(PrivateKeyPem.read(TestDkimKey.rsa(dir.resolve("8.pem"), false).keyFile()))
        .extracting(DkimAlgorithm::of)
        .isEqualTo(DkimAlgorithm.RSA_SHA256);
    assertThat(PrivateKeyPem.read(TestDkimKey.ed25519(dir.resolve("e.pem")).keyFile()))
        .extracting(DkimAlgorithm::of)
        .isEqualTo(DkimAlgorithm.ED25519_SHA256);
    Path garbage =
        Files.writeString(
            dir.resolve("bad.pem"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PrivateKeyPem.read(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.pem");
  }
}
