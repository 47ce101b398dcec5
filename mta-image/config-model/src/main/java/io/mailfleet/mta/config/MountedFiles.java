package io.mailfleet.mta.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;

/**
 * The files a configuration names (STARTTLS certificate and key, AUTH users, trusted CAs, DKIM
 * keys, API tokens), checked where the MTA runs. The records check only their own fields: the
 * operator builds them for pods whose Secrets are mounted later, on another machine.
 */
final class MountedFiles {

  private MountedFiles() {}

  /** Throws an {@link InvalidConfigException} naming the first file that cannot be used. */
  static void check(MtaConfig config) {
    TlsConfig tls = config.smtp().tls();
    if (tls != null) {
      requireReadable("smtp.tls.certificateFile", tls.certificateFile());
      requireReadable("smtp.tls.privateKeyFile", tls.privateKeyFile());
    }
    AuthConfig auth = config.smtp().auth();
    if (auth != null) {
      requireReadable("smtp.auth.usersFile", auth.usersFile());
    }
    requireToken("admin.tokenFile", config.admin().tokenFile());
    requireToken("inject.tokenFile", config.inject().tokenFile());
    DeliveryConfig delivery = config.delivery();
    if (delivery.tlsCaFile() != null) {
      requireCertificates("delivery.tlsCaFile", delivery.tlsCaFile());
    }
    List<DkimKeyConfig> dkim = delivery.dkim();
    for (int i = 0; i < dkim.size(); i++) {
      try {
        PrivateKeyPem.read(dkim.get(i).keyFile());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException("delivery.dkim[" + i + "].keyFile", e.getMessage());
      }
    }
  }

  private static void requireReadable(String field, Path file) {
    if (!Files.isReadable(file)) {
      throw new InvalidConfigException(field, "cannot read file " + file);
    }
  }

  private static void requireToken(String field, Path file) {
    if (file == null) {
      return;
    }
    try {
      BearerTokenFile.read(file);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(field, e.getMessage());
    }
  }

  private static void requireCertificates(String field, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
        throw new InvalidConfigException(field, "holds no PEM certificate: " + file);
      }
    } catch (IOException e) {
      throw new InvalidConfigException(field, "cannot read file " + file);
    } catch (CertificateException e) {
      throw new InvalidConfigException(field, "holds no usable certificate: " + file + ": " + e);
    }
  }
}
