package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.nio.file.Path;

/**
 * The certificate STARTTLS presents, as PEM files (what a Kubernetes TLS secret mounts as {@code
 * tls.crt} and {@code tls.key}). {@link MountedFiles} checks that they can be read.
 *
 * @param certificateFile the certificate chain, leaf first
 * @param privateKeyFile the private key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY})
 */
public record TlsConfig(Path certificateFile, Path privateKeyFile) {

  public TlsConfig {
    requirePresent("certificateFile", certificateFile);
    requirePresent("privateKeyFile", privateKeyFile);
  }
}
