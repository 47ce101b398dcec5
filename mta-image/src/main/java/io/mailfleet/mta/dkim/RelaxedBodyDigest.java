package io.mailfleet.mta.dkim;

import io.mailfleet.mta.spool.ContentDigest;

/**
 * The DKIM body hash of a message fed as its whole content, header section first: the header
 * section is skipped as {@link HeaderSection#read} reads it, the body hashed as {@link
 * RelaxedBodyHash} does. Every key signs relaxed/relaxed with SHA-256, so this one hash serves
 * whichever key signs the message at delivery (ADR 0028). Empty when the header section is longer
 * than {@link DkimSigner#MAX_HEADER_BYTES}, which is never signed.
 */
public final class RelaxedBodyDigest implements ContentDigest {

  private final RelaxedBodyHash body = new RelaxedBodyHash();
  private boolean inBody;
  private boolean tooLong;
  private long headerBytes;
  private int lineLength;
  private boolean lineEndsInCarriageReturn;

  @Override
  public void update(byte[] content, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (!inBody && !tooLong && i < end) {
      byte b = content[i++];
      if (++headerBytes > DkimSigner.MAX_HEADER_BYTES) {
        tooLong = true;
      } else if (b != '\n') {
        lineLength++;
        lineEndsInCarriageReturn = b == '\r';
      } else {
        // An empty line, CR or not, ends the header section.
        inBody = lineLength == 0 || (lineLength == 1 && lineEndsInCarriageReturn);
        lineLength = 0;
      }
    }
    if (inBody && i < end) {
      body.update(content, i, end - i);
    }
  }

  @Override
  public byte[] finish() {
    return tooLong ? new byte[0] : body.finish();
  }
}
