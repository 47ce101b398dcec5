package io.mailfleet.mta.spool;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a message's content was found to hold while it was written into the spool, stored in its
 * commit record so that a delivery attempt need not read the content to learn it (ADR 0028).
 *
 * @param eightBit whether an octet above 127 occurs ({@code BODY=8BITMIME})
 * @param digest the spool's {@link ContentDigest} of the content; empty when it had none
 */
public record ContentFacts(boolean eightBit, byte[] digest) {

  public ContentFacts {
    digest = digest.clone();
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContentFacts f
        && f.eightBit == eightBit
        && Arrays.equals(f.digest, digest);
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(eightBit) * 31 + Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "ContentFacts[eightBit="
        + eightBit
        + ", digest="
        + HexFormat.of().formatHex(digest)
        + "]";
  }
}
