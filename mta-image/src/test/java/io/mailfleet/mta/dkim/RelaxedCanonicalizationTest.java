package io.mailfleet.mta.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Relaxed header and body canonicalization against RFC 6376 3.4.5 and its edge cases. */
class RelaxedCanonicalizationTest {

  /** The message of RFC 6376 3.4.5. */
  private static final String EXAMPLE =
      "A: X\r\n"
          + "B : Y\t\r\n"
          + "\tZ  \r\n"
          + "\r\n"
          + " C \r\n"
          + "D \t E\r\n"
          + "\r\n"
          + "\r\n";

  @Test
  void headersOfTheRfcExampleCanonicalizeAsTheRfcSays() throws IOException {
    HeaderSection headers = read(EXAMPLE);

    assertThat(headers.fields()).hasSize(2);
    assertThat(RelaxedHeader.canonicalize(headers.fields().get(0))).isEqualTo("a:X\r\n");
    assertThat(RelaxedHeader.canonicalize(headers.fields().get(1))).isEqualTo("b:Y Z\r\n");
  }

  @Test
  void lastHeaderFieldWithoutALineBreakIsAFieldOfItsOwn() throws IOException {
    HeaderSection headers = read("To: c@d.test\r\nSubject: x");

    assertThat(headers.fields()).containsExactly("To: c@d.test", "Subject: x");
  }

  @Test
  void foldedLastLineWithoutALineBreakContinuesItsField() throws IOException {
    HeaderSection headers = read("Subject: a\r\n b");

    assertThat(headers.fields()).containsExactly("Subject: a\r\n b");
  }

  @Test
  void bodyOfTheRfcExampleHashesAsItsCanonicalForm() throws Exception {
    ByteArrayInputStream in = stream(EXAMPLE);
    HeaderSection.read(in, 1000);

    assertThat(hashInOneChunk(in.readAllBytes())).isEqualTo(sha256(" C\r\nD E\r\n"));
  }

  @Test
  void bodyHashDoesNotDependOnHowTheBodyIsChunked() throws Exception {
    byte[] body = " C \r\nD \t E\r\n\r\n \t\r\nlast  \t".getBytes(StandardCharsets.US_ASCII);
    RelaxedBodyHash byteByByte = new RelaxedBodyHash();
    for (int i = 0; i < body.length; i++) {
      byteByByte.update(body, i, 1);
    }

    assertThat(byteByByte.finish())
        .isEqualTo(hashInOneChunk(body))
        .isEqualTo(sha256(" C\r\nD E\r\n\r\n\r\nlast\r\n"));
  }

  @Test
  void emptyBodyAndBodyOfOnlyEmptyLinesHashAsNothing() throws Exception {
    assertThat(hashInOneChunk(new byte[0])).isEqualTo(sha256(""));
    assertThat(hashInOneChunk("\r\n \r\n\t\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(sha256(""));
  }

  @Test
  void leadingEmptyLinesOfTheBodyAreKept() throws Exception {
    assertThat(hashInOneChunk("\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(sha256("\r\n\r\nx\r\n"));
  }

  @Test
  void spaceAfterAColonInsideAValueIsKept() {
    assertThat(RelaxedHeader.canonicalize("Subject:  Re:   hello \t"))
        .isEqualTo("subject:Re: hello\r\n");
  }

  @Test
  void fromDomainComesFromTheAngleAddressOrTheBareOne() throws IOException {
    assertThat(read("From: \"Ann, Sales\" <ann@News.Example.COM>\r\n\r\n").fromDomain())
        .contains("news.example.com");
    assertThat(read("From: bob@example.org (Bob)\r\n\r\n").fromDomain()).contains("example.org");
    assertThat(read("To: x@example.org\r\n\r\n").fromDomain()).isEqualTo(Optional.empty());
  }

  @Test
  void headerSectionLongerThanTheLimitIsNotRead() throws IOException {
    String longHeader = "Subject: " + "x".repeat(2000) + "\r\n\r\nbody\r\n";

    assertThat(HeaderSection.read(stream(longHeader), 1000)).isEmpty();
    assertThat(HeaderSection.read(stream(longHeader), 4000))
        .get()
        .extracting(HeaderSection::fields)
        .asList()
        .hasSize(1);
  }

  @Test
  void headerSectionLeavesTheStreamAtTheFirstBodyOctet() throws IOException {
    ByteArrayInputStream in = stream("From: a@b.example\r\nSubject: s\r\n\r\nbody\r\n");

    HeaderSection headers = HeaderSection.read(in, 1000).orElseThrow();

    assertThat(headers.named("subject")).isEqualTo(List.of("Subject: s"));
    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("body\r\n");
  }

  private static HeaderSection read(String message) throws IOException {
    return HeaderSection.read(stream(message), 1 << 20).orElseThrow();
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hashInOneChunk(byte[] body) {
    RelaxedBodyHash hash = new RelaxedBodyHash();
    hash.update(body, 0, body.length);
    return hash.finish();
  }

  private static byte[] sha256(String canonical) throws Exception {
    return MessageDigest.getInstance("SHA-256")
        .digest(canonical.getBytes(StandardCharsets.US_ASCII));
  }
}
