package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/** Builds the server TLS context STARTTLS uses from the PEM certificate and key files. */
public final class StartTlsContext {

  private StartTlsContext() {}

  /** Reads the PEM pair; fails with a message naming the files when they do not load. */
  public static SslContext load(TlsConfig tls) {
    try {
      return SslContextBuilder.forServer(
              tls.certificateFile().toFile(), tls.privateKeyFile().toFile())
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot use "
              + tls.certificateFile()
              + " and "
              + tls.privateKeyFile()
              + " for STARTTLS (PEM certificate chain and unencrypted PKCS#8 key expected): "
              + e.getMessage(),
          e);
    }
  }
}
