package io.mailfleet.mta.config;

/** How outbound connections use STARTTLS (RFC 3207); YAML spells the constants as here. */
public enum TlsPolicy {
  /**
   * STARTTLS when the server offers it, with any certificate (what Postfix calls {@code may}); mail
   * goes in clear text to a server that does not offer it. A failed handshake leaves the connection
   * unusable, so the same server is tried once more over a new connection in clear text, as Postfix
   * does at {@code may}: otherwise a server with a broken TLS setup and no other MX would defer
   * mail forever.
   */
  OPPORTUNISTIC,
  /**
   * Never in clear text, any certificate (Postfix {@code encrypt}): a server that does not offer
   * STARTTLS, or a failed handshake, is a temporary failure ({@code 4.7.x}) and the mail waits.
   */
  REQUIRED,
  /**
   * {@link #REQUIRED}, and the certificate must chain to a trusted CA (the JDK's trust store or
   * {@code delivery.tlsCaFile}) and name the server's host (the MX host name, or the host of a
   * static route) (Postfix {@code secure}).
   */
  VERIFIED;

  /** Whether mail may go over a connection without TLS. */
  public boolean allowsClearText() {
    return this == OPPORTUNISTIC;
  }

  /** Whether the server's certificate chain and host name are checked. */
  public boolean verifiesCertificate() {
    return this == VERIFIED;
  }
}
