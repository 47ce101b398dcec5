package io.mailfleet.mta.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a commit (envelope, id, size, chunk count) into a record payload and back. */
final class EnvelopeCodec {

  private EnvelopeCodec() {}

  /** What a commit record says about its message. */
  record CommitInfo(MessageId id, Envelope envelope, long size, int chunks) {}

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
    ByteBuffer out = ByteBuffer.allocate(length);
    out.putLong(info.size()).putInt(info.chunks());
    out.putLong(e.receivedAt().getEpochSecond()).putInt(e.receivedAt().getNano());
    out.putInt(e.recipients().size());
    strings.forEach(s -> out.putInt(s.length).put(s));
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
    return new CommitInfo(
        id, new Envelope(sender, recipients, receivedAt, client, user), size, chunks);
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
