package io.mailfleet.mta.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The commit record's payload, and what commit records written before a field existed read as. */
class EnvelopeCodecTest {

  private static final Instant RECEIVED = Instant.ofEpochSecond(1_800_000_000L, 123_000);

  @Test
  void authenticatedUserIsReadBackWithTheEnvelope() {
    EnvelopeCodec.CommitInfo info =
        new EnvelopeCodec.CommitInfo(
            new MessageId("00000000000000a1"),
            new Envelope("a@example.com", List.of("b@example.org"), RECEIVED, "192.0.2.7", "ann"),
            1234,
            1,
            Optional.empty());

    assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(info))).isEqualTo(info);
  }

  @Test
  void commitWrittenBeforeTheAuthenticatedUserWasRecordedReadsAsNotAuthenticated() {
    EnvelopeCodec.CommitInfo info =
        new EnvelopeCodec.CommitInfo(
            new MessageId("00000000000000a2"),
            new Envelope("a@example.com", List.of("b@example.org"), RECEIVED, "192.0.2.7"),
            1234,
            1,
            Optional.empty());
    ByteBuffer current = EnvelopeCodec.encode(info);
    // The older layout ended after the recipients: drop the empty user's length field.
    ByteBuffer older = current.slice(0, current.remaining() - 4);

    EnvelopeCodec.CommitInfo read = EnvelopeCodec.decode(older);

    assertThat(read).isEqualTo(info);
    assertThat(read.envelope().authenticatedUser()).isEmpty();
  }

  @Test
  void contentFactsAreReadBackWithTheEnvelope() {
    EnvelopeCodec.CommitInfo info =
        new EnvelopeCodec.CommitInfo(
            new MessageId("00000000000000a3"),
            new Envelope("a@example.com", List.of("b@example.org"), RECEIVED, "192.0.2.7", "ann"),
            1234,
            1,
            Optional.of(new ContentFacts(true, new byte[] {1, 2, 3})));

    assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(info))).isEqualTo(info);
  }

  @Test
  void commitWrittenBeforeContentFactsWereRecordedReadsAsFactsUnknown() {
    EnvelopeCodec.CommitInfo info =
        new EnvelopeCodec.CommitInfo(
            new MessageId("00000000000000a4"),
            new Envelope("a@example.com", List.of("b@example.org"), RECEIVED, "192.0.2.7", "ann"),
            1234,
            1,
            Optional.of(new ContentFacts(false, new byte[32])));
    ByteBuffer current = EnvelopeCodec.encode(info);
    // The older layout ended after the user: drop the flags, digest length and digest.
    ByteBuffer older = current.slice(0, current.remaining() - 1 - 4 - 32);

    EnvelopeCodec.CommitInfo read = EnvelopeCodec.decode(older);

    assertThat(read.facts()).isEmpty();
    assertThat(read.envelope()).isEqualTo(info.envelope());
  }
}
