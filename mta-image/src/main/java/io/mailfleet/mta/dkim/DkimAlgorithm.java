package io.mailfleet.mta.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;

/** A DKIM signing algorithm ({@code a=} tag), chosen from the type of the private key. */
public enum DkimAlgorithm {
  /** RSA with SHA-256 (RFC 6376 3.3.1): the signature covers the header data directly. */
  RSA_SHA256("rsa-sha256", "rsa"),
  /**
   * Ed25519 with SHA-256 (RFC 8463 3): PureEdDSA over the SHA-256 hash of the header data, not over
   * the data itself.
   */
  ED25519_SHA256("ed25519-sha256", "ed25519");

  private final String tag;
  private final String keyType;

  DkimAlgorithm(String tag, String keyType) {
    this.tag = tag;
    this.keyType = keyType;
  }

  /** The {@code a=} value. */
  public String tag() {
    return tag;
  }

  /** The {@code k=} value of the DNS key record. */
  public String keyType() {
    return keyType;
  }

  /** The algorithm a key signs with; an unsupported key type is refused. */
  public static DkimAlgorithm of(PrivateKey key) {
    if (key instanceof RSAPrivateKey) {
      return RSA_SHA256;
    }
    if (key instanceof EdECPrivateKey ed && ed.getParams().getName().equals("Ed25519")) {
      return ED25519_SHA256;
    }
    throw new IllegalArgumentException(
        "a DKIM key must be RSA or Ed25519, not "
            + (key instanceof EdECPrivateKey ed ? ed.getParams().getName() : key.getAlgorithm()));
  }

  /** Signs the canonicalized header data. */
  byte[] sign(PrivateKey key, byte[] headerData) throws GeneralSecurityException {
    Signature signature;
    byte[] input;
    if (this == RSA_SHA256) {
      signature = Signature.getInstance("SHA256withRSA");
      input = headerData;
    } else {
      signature = Signature.getInstance("Ed25519");
      input = MessageDigest.getInstance("SHA-256").digest(headerData);
    }
    signature.initSign(key);
    signature.update(input);
    return signature.sign();
  }
}
