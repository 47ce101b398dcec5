package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for a receiving MTA, made with the JDK's keytool and written as the PEM
 * pair its {@code smtp.tls} reads; the certificate file doubles as a sender's CA file.
 *
 * @param certificateFile the certificate, PEM
 * @param privateKeyFile the key, PKCS#8 PEM
 */
record PeerCertificate(Path certificateFile, Path privateKeyFile) {

  /** A certificate with subject {@code CN=cn} and the given subjectAltName ({@code dns:x,ip:y}). */
  static PeerCertificate create(Path dir, String cn, String san) throws Exception {
    Files.createDirectories(dir);
    Path keystore = dir.resolve("peer.p12");
    String password = "changeit";
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "peer",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=" + cn,
                "-ext",
                "san=" + san,
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(keytool.exitValue()).as("keytool: " + output).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password.toCharArray());
    }
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("peer").getEncoded()));
    Files.writeString(
        key, pem("PRIVATE KEY", store.getKey("peer", password.toCharArray()).getEncoded()));
    return new PeerCertificate(cert, key);
  }

  private static String pem(String type, byte[] der) {
    return String.join(
        "\n",
        List.of(
            "-----BEGIN " + type + "-----",
            Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der),
            "-----END " + type + "-----",
            ""));
  }
}
