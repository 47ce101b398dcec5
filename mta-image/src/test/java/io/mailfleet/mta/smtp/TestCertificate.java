package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.TlsConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

/**
 * A self-signed certificate for {@code localhost}, made with keytool for the test and written as
 * the PEM pair a Kubernetes TLS secret mounts.
 */
final class TestCertificate {

  private TestCertificate() {}

  static TlsConfig create(Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    char[] password = "changeit".toCharArray();
    ExternalTool.Run run =
        ExternalTool.keytool()
            .run(
                "-genkeypair",
                "-alias",
                "smtp",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                new String(password));
    if (run.exitCode() != 0) {
      throw new IllegalStateException("keytool failed: " + run.output());
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password);
    }
    Key key = store.getKey("smtp", password);
    Certificate certificate = store.getCertificate("smtp");
    Path certFile = dir.resolve("tls.crt");
    Path keyFile = dir.resolve("tls.key");
    Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    return new TlsConfig(certFile, keyFile);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
