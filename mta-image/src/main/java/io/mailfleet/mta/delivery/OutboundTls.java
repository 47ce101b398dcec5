package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.queue.NextHop;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The client TLS contexts STARTTLS uses: one that takes any certificate (opportunistic and required
 * TLS, which protect against passive listeners only, as in Postfix) and one that checks the chain
 * and the host name (verified TLS).
 */
final class OutboundTls {

  private final SslContext anyCertificate;
  private final SslContext verified;

  private OutboundTls(SslContext anyCertificate, SslContext verified) {
    this.anyCertificate = anyCertificate;
    this.verified = verified;
  }

  /**
   * Trusts the PEM certificates in {@code caFile} for verified TLS; null: the JDK's trust store.
   */
  static OutboundTls create(Path caFile) {
    try {
      SslContextBuilder verifying = SslContextBuilder.forClient();
      if (caFile != null) {
        verifying.trustManager(caFile.toFile());
      }
      return new OutboundTls(
          SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build(),
          verifying.build());
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot build outbound TLS" + (caFile == null ? "" : " trusting " + caFile) + ": " + e,
          e);
    }
  }

  /**
   * A new client handler for {@code hop} under {@code policy}; the caller adds it to a pipeline.
   */
  SslHandler handler(TlsPolicy policy, NextHop hop, ByteBufAllocator alloc) {
    SslContext context = policy.verifiesCertificate() ? verified : anyCertificate;
    SslHandler handler = context.newHandler(alloc, hop.name(), hop.port());
    if (policy.verifiesCertificate()) {
      // The JDK matches the name (or IP literal) given above against the certificate (RFC 6125).
      SSLEngine engine = handler.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
    }
    return handler;
  }
}
