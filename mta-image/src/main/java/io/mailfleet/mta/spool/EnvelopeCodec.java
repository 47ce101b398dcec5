package io.mailfleet.mta.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a commit (envelope, id, size, chunk count, content facts) into a record payload and back.
 */
final class EnvelopeCodec {

  private EnvelopeCodec() {}

  /** What a commit record says about its message. */
  record CommitInfo(
      MessageId id, Envelope envelope, long size, int chunks, Optional<ContentFacts> facts) {

    /** The message as callers see it. */
    SpooledMessage message() {
      return new SpooledMessage(id, envelope, size, facts);
    }
  }

  private static final byte EIGHT_BIT = 1;

  static ByteBuffer encode(CommitInfo info) {
    Envelope e = info.envelope();
    List<byte[]> strings = new ArrayList<>();
    strings.add(bytes(info.id().value()));
    strings.add(bytes(e.sender()));
    strings.add(bytes(e.clientAddress()));
    e.recipients().forEach(r -> strings.add(bytes(r)));
    // Last, so a record written before it existed reads as "not authenticated" (ADR 0017).
    strings.add(bytes(e.authenticatedUser()));
    int length = 8 + 4 + 8 + 4 + 4;
    for (byte[] s : strings) {
      length += 4 + s.length;
    }
    // After those, so a record written before the facts existed reads as "facts unknown".
    byte[] digest = info.facts().map(ContentFacts::digest).orElse(null);
    if (digest != null) {
      length += 1 + 4 + digest.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    out.putLong(info.size()).putInt(info.chunks());
    out.putLong(e.receivedAt().getEpochSecond()).putInt(e.receivedAt().getNano());
    out.putInt(e.recipients().size());
    strings.forEach(s -> out.putInt(s.length).put(s));
    if (digest != null) {
      out.put(info.facts().get().eightBit() ? EIGHT_BIT : 0).putInt(digest.length).put(digest);
    }
    return out.flip();
  }

  /** Decodes a payload whose checksum already matched; a malformed one is a bug or disk rot. */
  static CommitInfo decode(ByteBuffer in) {
    long size = in.getLong();
    int chunks = in.getInt();
    Instant receivedAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
    int recipientCount = in.getInt();
    MessageId id = new MessageId(string(in));
    String sender = string(in);
    String client = string(in);
    List<String> recipients = new ArrayList<>(recipientCount);
    for (int i = 0; i < recipientCount; i++) {
      recipients.add(string(in));
    }
    String user = in.hasRemaining() ? string(in) : "";
    Optional<ContentFacts> facts = Optional.empty();
    if (in.hasRemaining()) {
      boolean eightBit = (in.get() & EIGHT_BIT) != 0;
      byte[] digest = new byte[in.getInt()];
      in.get(digest);
      facts = Optional.of(new ContentFacts(eightBit, digest));
    }
    return new CommitInfo(
        id, new Envelope(sender, recipients, receivedAt, client, user), size, chunks, facts);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(ByteBuffer in) {
    byte[] b = new byte[in.getInt()];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
