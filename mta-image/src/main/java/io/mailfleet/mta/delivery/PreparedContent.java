package io.mailfleet.mta.delivery;

import io.mailfleet.mta.dkim.DkimSigner;
import io.mailfleet.mta.dkim.Originator;
import io.mailfleet.mta.spool.ContentFacts;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What must be known about a message before MAIL FROM — the DKIM-Signature header to put on top of
 * it, its size with that header, whether it has 8-bit octets (for {@code BODY=8BITMIME}) — and its
 * content, open for sending.
 *
 * <p>A message stored with its {@link ContentFacts} (ADR 0028) is read once: its 8-bit flag and
 * DKIM body hash were taken at reception, so only the header section is read here to sign, and its
 * octets are kept to be sent first, followed by the rest of the same stream; unsigned, nothing is
 * read before sending. A message stored without them (before the spool recorded them, or with no
 * body hash because signing was off when it came in) is read once here and again to send, as
 * before. Content the spool finds damaged while sending bounces all the same (see {@link
 * OutboundSession}).
 *
 * @param signatureHeader the DKIM-Signature field, CRLF-terminated, as octets; empty when unsigned
 * @param size the octets MAIL FROM announces: the signature plus the spooled content
 * @param eightBit whether an octet above 127 is in the content (false when it was not looked for)
 * @param head content octets already read from {@code rest}, to be sent first
 * @param rest the content after {@code head}; closed by {@link #close()}
 */
record PreparedContent(
    byte[] signatureHeader, long size, boolean eightBit, byte[] head, InputStream rest)
    implements AutoCloseable {

  /**
   * Prepares {@code message}; {@code detectEightBit} false means the 8-bit flag is not needed (the
   * server does not offer 8BITMIME).
   */
  static PreparedContent prepare(
      Spool spool, SpooledMessage message, DkimSigner signer, boolean detectEightBit)
      throws IOException {
    Optional<ContentFacts> facts = message.facts();
    if (facts.isPresent() && (signer.isEmpty() || facts.get().digest().length > 0)) {
      return fromFacts(spool, message, signer, facts.get());
    }
    return byReading(spool, message, signer, detectEightBit);
  }

  private static PreparedContent fromFacts(
      Spool spool, SpooledMessage message, DkimSigner signer, ContentFacts facts)
      throws IOException {
    InputStream in = spool.open(message.id());
    if (signer.isEmpty()) {
      return new PreparedContent(new byte[0], message.size(), facts.eightBit(), new byte[0], in);
    }
    try {
      Head head = new Head(in);
      byte[] signature =
          ascii(signer.sign(head, facts.digest(), originator(message), message.id().value()));
      return new PreparedContent(
          signature, message.size() + signature.length, facts.eightBit(), head.octets(), in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static PreparedContent byReading(
      Spool spool, SpooledMessage message, DkimSigner signer, boolean detectEightBit)
      throws IOException {
    byte[] signature = new byte[0];
    boolean eightBit = false;
    if (!signer.isEmpty() || detectEightBit) {
      try (EightBitDetector in =
          new EightBitDetector(new BufferedInputStream(spool.open(message.id()), 64 * 1024))) {
        if (!signer.isEmpty()) {
          signature = ascii(signer.sign(in, originator(message), message.id().value()));
        }
        if (detectEightBit) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        eightBit = in.seen;
      }
    }
    return new PreparedContent(
        signature,
        message.size() + signature.length,
        eightBit,
        new byte[0],
        spool.open(message.id()));
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }

  private static byte[] ascii(Optional<String> signature) {
    return signature.map(h -> h.getBytes(StandardCharsets.US_ASCII)).orElse(new byte[0]);
  }

  /** Who handed {@code message} in, for the signer's authority check. */
  private static Originator originator(SpooledMessage message) {
    Envelope envelope = message.envelope();
    return envelope.fromThisMta()
        ? Originator.thisMta()
        : Originator.client(envelope.sender(), envelope.authenticatedUser());
  }

  /** Passes octets through and keeps them, so what the signer read can be sent afterwards. */
  private static final class Head extends FilterInputStream {

    private final ByteArrayOutputStream octets = new ByteArrayOutputStream(1024);

    Head(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        octets.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        octets.write(b, off, n);
      }
      return n;
    }

    byte[] octets() {
      return octets.toByteArray();
    }
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
