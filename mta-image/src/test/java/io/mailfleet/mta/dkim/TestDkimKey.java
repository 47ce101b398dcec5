package io.mailfleet.mta.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * A DKIM key pair made with the JDK for a test: the private key written as a PEM file, the public
 * key as the DNS TXT record a domain would publish.
 *
 * @param keyFile the private key, PEM
 * @param txtRecord {@code v=DKIM1; k=rsa|ed25519; p=...}
 * @param keyPair the pair itself
 */
public record TestDkimKey(Path keyFile, String txtRecord, KeyPair keyPair) {

  /** An RSA-2048 key written as PKCS#1 ({@code RSA PRIVATE KEY}) or PKCS#8. */
  public static TestDkimKey rsa(Path file, boolean pkcs1)
      throws GeneralSecurityException, IOException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    if (pkcs1) {
      // PrivateKeyInfo: SEQUENCE(4) version(3) AlgorithmIdentifier(15) OCTET STRING(4)
      // RSAPrivateKey
      if (pkcs8[22] != 0x04 || pkcs8[23] != (byte) 0x82) {
        throw new IllegalStateException("unexpected PKCS#8 layout");
      }
      write(file, "RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length));
    } else {
      write(file, "PRIVATE KEY", pkcs8);
    }
    String p = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    return new TestDkimKey(file, "v=DKIM1; k=rsa; p=" + p, pair);
  }

  /** An Ed25519 key written as PKCS#8; the record carries the raw 32-octet key (RFC 8463 4). */
  public static TestDkimKey ed25519(Path file) throws GeneralSecurityException, IOException {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    write(file, "PRIVATE KEY", pair.getPrivate().getEncoded());
    byte[] spki = pair.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    return new TestDkimKey(
        file, "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw), pair);
  }

  private static void write(Path file, String type, byte[] der) throws IOException {
    Files.writeString(
        file,
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n",
        StandardCharsets.US_ASCII);
  }
}
