package io.mailfleet.mta.dkim;

/**
 * Hears of each message a DKIM key covered by its From domain but was not allowed to sign, because
 * whoever handed it in may not use that domain (ADR 0017): it goes out unsigned.
 */
@FunctionalInterface
public interface SigningRefusals {

  /** Ignores refusals (the signer still logs nothing more than DEBUG). */
  SigningRefusals NONE = (messageId, signingDomain, originator) -> {};

  /**
   * The message {@code messageId}, whose From domain is under {@code signingDomain}, was not signed
   * because {@code originator} is not allowed that key.
   */
  void notAllowed(String messageId, String signingDomain, Originator originator);
}
