package io.mailfleet.mta.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.PrivateKeyPem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The body hash taken while a message is written into the spool signs exactly as the hash the
 * signer takes by reading the body, whatever the chunks it came in.
 */
class RelaxedBodyDigestTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_800_000_000), ZoneOffset.UTC);
  private static final Originator ANN = Originator.client("ann@example.com", "");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "From: ann@example.com\r\nSubject: hi\r\n\r\nbody  line \t\r\n\r\n\r\n",
        "From: ann@example.com\r\nSubject: folded\r\n  on\r\n\r\n a\tb  c\r\nlast",
        "From: ann@example.com\nTo: bob@example.org\n\nbare LF\nlines \n",
        "From: ann@example.com\r\n\r\n",
        "From: ann@example.com\r\nX-No-Body: the content ends in the header section",
        "From: ann@example.com\r\n\r\n\r\n\r\nleading empty lines\rlone CR\r\n\u00e9\u00e8 8-bit\r\n"
      })
  void recordedBodyHashSignsAsReadingTheBodyDoes(String message) throws Exception {
    DkimSigner signer = signer();
    byte[] content = message.getBytes(StandardCharsets.ISO_8859_1);

    for (int chunk : new int[] {1, 2, 3, 7, content.length + 1}) {
      RelaxedBodyDigest digest = new RelaxedBodyDigest();
      for (int at = 0; at < content.length; at += chunk) {
        digest.update(content, at, Math.min(chunk, content.length - at));
      }
      InputStream headerOnly = new ByteArrayInputStream(content);

      Optional<String> recorded = signer.sign(headerOnly, digest.finish(), ANN, "m1");

      assertThat(recorded).as("in chunks of %d", chunk).isEqualTo(readingTheBody(signer, content));
    }
  }

  @Test
  void signingWithARecordedHashLeavesTheStreamAtTheBody() throws Exception {
    byte[] content =
        "From: ann@example.com\r\n\r\nthe body\r\n".getBytes(StandardCharsets.US_ASCII);
    RelaxedBodyDigest digest = new RelaxedBodyDigest();
    digest.update(content, 0, content.length);
    InputStream in = new ByteArrayInputStream(content);

    signer().sign(in, digest.finish(), ANN, "m1");

    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("the body\r\n");
  }

  @Test
  void headerSectionOverTheLimitGivesNoDigest() {
    byte[] header =
        ("X-Long: " + "a".repeat(DkimSigner.MAX_HEADER_BYTES) + "\r\n\r\nbody")
            .getBytes(StandardCharsets.US_ASCII);
    RelaxedBodyDigest digest = new RelaxedBodyDigest();
    digest.update(header, 0, header.length);

    assertThat(digest.finish()).isEmpty();
  }

  private DkimSigner signer() throws Exception {
    return new DkimSigner(
        List.of(
            new DkimKey(
                "example.com",
                "s1",
                PrivateKeyPem.read(TestDkimKey.ed25519(dir.resolve("k.pem")).keyFile()))),
        CLOCK);
  }

  private static Optional<String> readingTheBody(DkimSigner signer, byte[] content)
      throws IOException {
    return signer.sign(new ByteArrayInputStream(content), ANN, "m1");
  }
}
