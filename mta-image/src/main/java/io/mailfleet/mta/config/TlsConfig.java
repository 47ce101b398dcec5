package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The certificate STARTTLS presents, as PEM files (what a Kubernetes TLS secret mounts as {@code
 * tls.crt} and {@code tls.key}).
 *
 * @param certificateFile the certificate chain, leaf first
 * @param privateKeyFile the private key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY})
 */
public record TlsConfig(Path certificateFile, Path privateKeyFile) {

  public TlsConfig {
    requireReadable("certificateFile", certificateFile);
    requireReadable("privateKeyFile", privateKeyFile);
  }

  static void requireReadable(String field, Path file) {
    if (!Files.isReadable(requirePresent(field, file))) {
      throw new InvalidConfigException(field, "cannot read file " + file);
    }
  }
}
