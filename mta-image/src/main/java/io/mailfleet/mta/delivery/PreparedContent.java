package io.mailfleet.mta.delivery;

import io.mailfleet.mta.dkim.DkimSigner;
import io.mailfleet.mta.dkim.Originator;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What must be known about a message before MAIL FROM: the DKIM-Signature header to put on top of
 * it, its size with that header, and whether it has 8-bit octets (for {@code BODY=8BITMIME}).
 *
 * <p>All three come from one read of the spooled content before it is sent, so the content is read
 * twice. The signature has to go first on the wire but depends on the body hash, and MAIL FROM has
 * to carry SIZE and BODY; holding the message in memory until the end is not an option. The second
 * read usually comes from the page cache. The 8-bit flag is found here rather than recorded at
 * reception because the spool's commit record (ADR 0003) is a fixed layout with no room for flags,
 * and every path into the spool (SMTP, injection, bounces) would have to set it.
 *
 * @param signatureHeader the DKIM-Signature field, CRLF-terminated, as octets; empty when unsigned
 * @param size the octets MAIL FROM announces: the signature plus the spooled content
 * @param eightBit whether an octet above 127 was seen (false when the content was not scanned)
 */
record PreparedContent(byte[] signatureHeader, long size, boolean eightBit) {

  /**
   * Reads {@code message} once when signing or 8-bit detection needs it; {@code detectEightBit}
   * false and no key skips the read.
   */
  static PreparedContent prepare(
      Spool spool, SpooledMessage message, DkimSigner signer, boolean detectEightBit)
      throws IOException {
    if (signer.isEmpty() && !detectEightBit) {
      return new PreparedContent(new byte[0], message.size(), false);
    }
    try (EightBitDetector in =
        new EightBitDetector(new BufferedInputStream(spool.open(message.id()), 64 * 1024))) {
      byte[] signature =
          signer.isEmpty()
              ? new byte[0]
              : signer
                  .sign(in, originator(message), message.id().value())
                  .map(h -> h.getBytes(StandardCharsets.US_ASCII))
                  .orElse(new byte[0]);
      if (detectEightBit) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return new PreparedContent(signature, message.size() + signature.length, in.seen);
    }
  }

  /** Who handed {@code message} in, for the signer's authority check. */
  private static Originator originator(SpooledMessage message) {
    Envelope envelope = message.envelope();
    return envelope.fromThisMta()
        ? Originator.thisMta()
        : Originator.client(envelope.sender(), envelope.authenticatedUser());
  }

  /** Passes octets through and notes whether any is above 127. */
  private static final class EightBitDetector extends FilterInputStream {

    private boolean seen;

    EightBitDetector(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      seen |= b > 127;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      for (int i = off; !seen && i < off + n; i++) {
        seen = b[i] < 0;
      }
      return n;
    }
  }
}
